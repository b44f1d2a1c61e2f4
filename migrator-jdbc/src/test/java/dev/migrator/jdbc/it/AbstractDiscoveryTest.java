package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RollbackResult;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts found in filesystem: and classpath: locations, both naming conventions, bad names. */
abstract class AbstractDiscoveryTest extends ItSupport {

    @TempDir
    Path dir;

    AbstractDiscoveryTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private MigrationManager fromDir() {
        return track(builder().locations("filesystem:" + dir).build());
    }

    @Test
    void migrate_filesystemLocation_findsBothConventionsWithTheirDowns() {
        write(dir, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");
        write(dir, "U1__create_a.sql", "DROP TABLE a;\n");
        write(dir, "2_create_b.sql", "CREATE TABLE b (id int primary key);\nINSERT INTO b VALUES (1);\n");
        write(dir, "2_create_b_down.sql", "DROP TABLE b;\n");
        MigrationManager m = fromDir();

        MigrateResult result = m.migrate();

        assertThat(result.applied()).extracting(e -> e.version().toString() + ":" + e.name())
                .containsExactly("1:create_a", "2:create_b");
        assertThat(tableExists("a")).isTrue();
        assertThat(rowCount("b")).isEqualTo(1);
        assertThat(history()).extracting(HistoryRow::name).containsExactly("create_a", "create_b");

        RollbackResult rolledBack = m.rollback(2);

        assertThat(rolledBack.rolledBack()).extracting(e -> e.version().toString()).containsExactly("2", "1");
        assertThat(tableExists("a")).isFalse();
        assertThat(tableExists("b")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_bareDirectoryPath_meansFilesystem() {
        write(dir, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");

        track(builder().locations(dir.toString()).build()).migrate();

        assertThat(tableExists("a")).isTrue();
    }

    @Test
    void migrate_classpathLocation_findsResourcesOfBothConventions() {
        MigrationManager m = track(builder().locations("classpath:it/discovery").build());

        m.migrate();

        assertThat(historyVersions()).containsExactly("1", "2");
        assertThat(history()).extracting(HistoryRow::name).containsExactly("create_cp_a", "create_cp_b");
        assertThat(tableExists("cp_a")).isTrue();
        assertThat(rowCount("cp_b")).isEqualTo(1);

        m.rollback(2);

        assertThat(tableExists("cp_a")).isFalse();
        assertThat(tableExists("cp_b")).isFalse();
    }

    @Test
    void migrate_classpathAndCodeScriptsTogether_runInOneVersionOrder() {
        MigrationManager m = track(builder()
                .locations("classpath:it/discovery")
                .script(createTable("1.5", "midway"))
                .build());

        m.migrate();

        assertThat(historyVersions()).containsExactly("1", "1.5", "2");
    }

    @Test
    void migrate_twoFilesWithOneVersion_throwsNamingBothFilesAndAppliesNothing() {
        write(dir, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");
        write(dir, "V3__create_x.sql", "CREATE TABLE x (id int primary key);\n");
        write(dir, "3_create_y.sql", "CREATE TABLE y (id int primary key);\n");

        assertThatThrownBy(() -> fromDir().migrate())
                .isInstanceOf(DuplicateVersionException.class)
                .hasMessageContaining("V3__create_x.sql")
                .hasMessageContaining("3_create_y.sql")
                .satisfies(e -> assertThat(((DuplicateVersionException) e).code()).isEqualTo(ErrorCode.DUPLICATE_VERSION));
        assertThat(tableExists("a")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_fileAndCodeScriptWithOneVersion_throwsDuplicateVersion() {
        write(dir, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");

        assertThatThrownBy(() -> track(builder().locations("filesystem:" + dir).script(createTable("1", "other")).build())
                        .migrate())
                .isInstanceOf(DuplicateVersionException.class)
                .hasMessageContaining("V1__create_a.sql")
                .hasMessageContaining("create_other");
        assertThat(tableExists("a")).isFalse();
        assertThat(tableExists("other")).isFalse();
    }

    /**
     * Decision (the API documents no rule; the engine follows Flyway's default): a .sql file whose name matches
     * neither convention is not a script. It is skipped with a warning that names the file and both conventions,
     * and the well-named scripts still run. Files that are not .sql are skipped silently.
     */
    @Test
    void migrate_malformedFileName_isIgnoredWithWarningNamingTheFile() {
        write(dir, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");
        write(dir, "V1.x__typo.sql", "CREATE TABLE typo (id int primary key);\n");
        write(dir, "V2-create_c.sql", "CREATE TABLE c (id int primary key);\n");
        write(dir, "notes.txt", "not a script\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        MigrateResult result;
        try {
            // Discovery may run in build() or in migrate(): capture both.
            result = fromDir().migrate();
        } finally {
            System.setErr(original);
        }

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("1");
        assertThat(tableExists("typo")).isFalse();
        assertThat(tableExists("c")).isFalse();
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("V1.x__typo.sql").contains("V2-create_c.sql").contains("V{version}__{name}.sql");
        assertThat(log).doesNotContain("notes.txt");
    }

    /**
     * A {@code {version}_{name}.sql} script is named in messages as its file is named, never as an invented
     * {@code V000013__name}: the failure, the validation problem of the failed entry, and — once the file is gone —
     * the history's version and name without a made-up file name.
     */
    @Test
    void migrate_failingTimestampStyleScript_messagesNameTheFileAsItIsNamed() throws Exception {
        write(dir, "000013_create_incoming_webhooks.sql", "-- migrator:no-transaction\n"
                + "CREATE TABLE hooks (id int primary key);\n"
                + "INSERT INTO no_such_table VALUES (1);\n");
        MigrationManager m = fromDir();

        assertThatThrownBy(m::migrate).isInstanceOf(dev.migrator.api.ScriptFailedException.class)
                .hasMessageContaining("000013_create_incoming_webhooks (")
                .message().doesNotContain("V000013__");
        assertThat(m.validate().problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message())
                .contains("000013_create_incoming_webhooks (").doesNotContain("V000013__"));

        java.nio.file.Files.delete(dir.resolve("000013_create_incoming_webhooks.sql"));
        assertThat(fromDir().validate().problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message())
                .contains("version 000013 (create_incoming_webhooks)").doesNotContain("V000013__"));
    }
}
