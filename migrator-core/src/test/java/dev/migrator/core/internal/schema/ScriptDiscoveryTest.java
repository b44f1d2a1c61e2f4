package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import dev.migrator.api.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptDiscoveryTest {

    @TempDir
    Path dir;

    private final ScriptDiscovery discovery = new ScriptDiscovery(getClass().getClassLoader());

    // Found by ScriptNameFuzzTest: a VersionFormatException that named neither the file nor the limit.
    @Test
    void load_versionPartOfMoreThan40Digits_throwsNamingTheFile() throws Exception {
        String name = "V" + "3".repeat(41) + "__big.sql";
        Files.writeString(dir.resolve(name), "SELECT 1;");

        assertThatThrownBy(() -> discovery.load("filesystem:" + dir, null))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script " + name + " has a version with a part of more than 40 digits. Rename it with a "
                        + "shorter version, e.g. V1.2__name.sql or 20250101120000_name.sql.");
        assertThat(ScriptDiscovery.parseName("V" + "3".repeat(40) + "__big.sql")).isPresent();
    }

    /**
     * Issue 20: files are read once into a reused buffer (ASCII without decoding, else strict UTF-8 in one call) and
     * hashed by one reused accumulator; a file over 1 MiB streams. Every path must give the checksum of the text, the
     * marker of its header and the JSON type, whatever file came before it.
     */
    @Test
    void load_asciiUtf8AndLargeFiles_checksumsEqualTheTextsWhateverTheOrder() throws Exception {
        String ascii = "-- migrator:no-transaction\r\nCREATE INDEX CONCURRENTLY ix ON t (a);   \r\n\r\n";
        String utf8 = "\uFEFFINSERT INTO t VALUES ('caf\u00e9 \uD83D\uDE00');\u2003\nSELECT 1;\n";
        String json = "  [{\"insert\": \"people\", \"documents\": [{\"name\": \"\u00e9\"}]}]";
        String large = "SELECT 1;\n".repeat(150_000) + "-- \u00e9 at the end\n"; // 1.5 MB: streamed
        String afterLarge = "SELECT 2;\n";
        Files.writeString(dir.resolve("V1__ascii.sql"), ascii);
        Files.writeString(dir.resolve("V2__utf8.sql"), utf8);
        Files.writeString(dir.resolve("V3__docs.json"), json);
        Files.writeString(dir.resolve("V4__large.sql"), large);
        Files.writeString(dir.resolve("V5__after.sql"), afterLarge);
        Files.writeString(dir.resolve("U1__ascii.sql"), "DROP INDEX ix;");

        List<LoadedScript.FromFile> scripts = discovery.load("filesystem:" + dir, null);

        assertThat(scripts).extracting(LoadedScript.FromFile::checksum).containsExactly(
                Checksums.sha256(Checksums.normalise(ascii)), Checksums.sha256(Checksums.normalise(utf8)),
                Checksums.sha256(Checksums.normalise(json)), Checksums.sha256(Checksums.normalise(large)),
                Checksums.sha256(Checksums.normalise(afterLarge)));
        assertThat(scripts).extracting(LoadedScript.FromFile::upMarker).containsExactly(TransactionMode.NON_TRANSACTIONAL,
                TransactionMode.AUTO, TransactionMode.AUTO, TransactionMode.AUTO, TransactionMode.AUTO);
        assertThat(scripts).extracting(LoadedScript.FromFile::type).containsExactly("SQL", "SQL", "JSON", "SQL", "SQL");
        assertThat(scripts.get(0).down()).isNotNull();
    }

    /** Issue 20: the hand-written reading of V1__name.sql names gives exactly what the patterns give, on any name. */
    @Test
    void parseName_randomNames_equalsThePatterns() {
        String[] parts = {"V", "U", "1", "2", "10", "007", ".", "_", "__", "___", "a", "name", "-", " ", "\u00e9", "\n",
            "\u2028", "\r", ".sql", ".json", ".SQL", ".txt", "V1__", "R__", "_down"};
        java.util.Random random = new java.util.Random(20);
        for (int trial = 0; trial < 50_000; trial++) {
            StringBuilder name = new StringBuilder(random.nextBoolean() ? "V" : "");
            for (int k = 1 + random.nextInt(7); k > 0; k--) {
                name.append(parts[random.nextInt(parts.length)]);
            }
            if (random.nextInt(3) > 0) {
                name.append(random.nextBoolean() ? ".sql" : ".json");
            }
            String n = name.toString();
            assertThat(ScriptDiscovery.parseName(n)).as(n).isEqualTo(ScriptDiscovery.parseNameByPatterns(n));
        }
        assertThat(ScriptDiscovery.parseName("V1_2__x__y.sql")).isEqualTo(ScriptDiscovery.parseNameByPatterns("V1_2__x__y.sql"))
                .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("x__y"));
    }

    @Test
    void parseName_bothConventions() {
        assertThat(ScriptDiscovery.parseName("V1.2__create_users.sql")).hasValueSatisfying(n -> {
            assertThat(n.version()).isEqualTo(Version.parse("1.2"));
            assertThat(n.name()).isEqualTo("create_users");
            assertThat(n.down()).isFalse();
        });
        assertThat(ScriptDiscovery.parseName("U1_2__create_users.sql")).hasValueSatisfying(n -> assertThat(n.down()).isTrue());
        assertThat(ScriptDiscovery.parseName("20250101120000_create_users_down.sql")).hasValueSatisfying(n -> {
            assertThat(n.version()).isEqualTo(Version.parse("20250101120000"));
            assertThat(n.name()).isEqualTo("create_users");
            assertThat(n.down()).isTrue();
        });
        assertThat(ScriptDiscovery.parseName("1707000000000_create-metadata-tables.sql")).isPresent();
        assertThat(ScriptDiscovery.parseName("README.md")).isEmpty();
        assertThat(ScriptDiscovery.parseName("R__views.sql")).isEmpty();
    }

    @Test
    void load_filesystem_pairsUpsWithDownsInVersionOrder() throws Exception {
        Files.writeString(dir.resolve("V10__ten.sql"), "SELECT 10;");
        Files.writeString(dir.resolve("V9__nine.sql"), "SELECT 9;");
        Files.writeString(dir.resolve("U9__nine.sql"), "SELECT -9;");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/11_eleven.sql"), "-- migrator:no-transaction\nSELECT 11;");
        Files.writeString(dir.resolve("sub/11_eleven_down.sql"), "SELECT -11;");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        List<LoadedScript> scripts = discovery.load("filesystem:" + dir, Target.of("core", "cli_{environment}")).stream()
                .map(f -> LoadedScript.of(f, "other"))
                .toList();

        assertThat(scripts).extracting(s -> s.version().toString()).containsExactly("9", "10", "11");
        assertThat(text(scripts.get(0).down())).isEqualTo("SELECT -9;");
        assertThat(scripts.get(1).down()).isNull();
        assertThat(scripts.get(2).transactionMode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(scripts.get(0).connection()).isEqualTo("core");
        assertThat(scripts.get(0).schemaPattern()).isEqualTo("cli_{environment}");
        assertThat(scripts.get(0).source()).endsWith("V9__nine.sql");
        assertThat(scripts.get(0).checksum()).isEqualTo(Checksums.of("SELECT 9;"));
        assertThat(text(scripts.get(2).up())).isEqualTo("-- migrator:no-transaction\nSELECT 11;");
    }

    @Test
    void load_sameVersionTwice_throwsNamingBothFiles() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("1_b.sql"), "SELECT 1;");
        assertThatThrownBy(() -> discovery.load(dir.toString(), null))
                .isInstanceOf(DuplicateVersionException.class)
                .hasMessageContaining("V1__a.sql")
                .hasMessageContaining("1_b.sql")
                .hasMessageContaining("new version");
    }

    @Test
    void load_downWithoutUp_throws() throws Exception {
        Files.writeString(dir.resolve("U3__x.sql"), "SELECT 1;");
        assertThatThrownBy(() -> discovery.load(dir.toString(), null))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("U3__x.sql")
                .hasMessageContaining("no up script");
    }

    @Test
    void load_missingLocation_throwsWithHint() {
        assertThatThrownBy(() -> discovery.load("filesystem:" + dir.resolve("nope"), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> discovery.load("classpath:no/such/folder", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not found on the class path");
    }

    @Test
    void load_classpathFolder_findsResources() {
        List<LoadedScript.FromFile> scripts = discovery.load("classpath:discovery-test", null);
        assertThat(scripts).extracting(LoadedScript.FromFile::name).containsExactly("first", "second");
        assertThat(scripts.get(0).source()).isEqualTo("classpath:discovery-test/V1__first.sql");
    }

    @Test
    void load_invalidUtf8_throwsNamingFile() throws Exception {
        Files.write(dir.resolve("V1__bad.sql"), new byte[] {'S', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> discovery.load(dir.toString(), null))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("V1__bad.sql is not valid UTF-8");
    }

    /** A body's text as the engine reads it when the script runs. */
    static String text(LoadedScript.Body body) throws java.io.IOException {
        try (java.io.Reader in = ((LoadedScript.Text) body).text().open()) {
            StringBuilder out = new StringBuilder();
            char[] chunk = new char[4096];
            for (int read; (read = in.read(chunk)) >= 0; ) {
                out.append(chunk, 0, read);
            }
            return out.toString();
        }
    }

    @Test
    void discover_repeatableAndCallbackFiles_keptApartFromVersionedScripts() throws Exception {
        Files.writeString(dir.resolve("V1__create.sql"), "CREATE TABLE t (id int);");
        Files.writeString(dir.resolve("R__views.sql"), "CREATE VIEW v AS SELECT 1;");
        Files.writeString(dir.resolve("R__docs.json"), "[]");
        Files.writeString(dir.resolve("beforeMigrate.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("afterRollbackError.sql"), "SELECT 2;");

        ScriptDiscovery.Found found = discovery.discover("filesystem:" + dir, null);

        assertThat(found.scripts()).extracting(f -> f.version() + ":" + f.name()).containsExactly("1:create");
        assertThat(found.repeatables()).extracting(f -> f.name() + ":" + f.type() + ":" + f.kind())
                .containsExactly("docs:JSON:REPEATABLE", "views:SQL:REPEATABLE");
        assertThat(found.repeatables()).allSatisfy(f -> {
            assertThat(f.version()).isNull();
            assertThat(f.checksum()).isNotNull();
        });
        assertThat(found.callbacks()).extracting(f -> f.name() + ":" + f.kind())
                .containsExactly("afterRollbackError:CALLBACK", "beforeMigrate:CALLBACK");
    }

    @Test
    void discover_twoRepeatableFilesOfOneName_throwsNamingBoth() throws Exception {
        Files.writeString(dir.resolve("R__views.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("R__views.json"), "[]");

        assertThatThrownBy(() -> discovery.discover("filesystem:" + dir, null))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Two repeatable scripts are named views: " + dir.resolve("R__views.json") + " and "
                        + dir.resolve("R__views.sql") + ". Rename one of them; a name identifies one repeatable script.");
    }
}
