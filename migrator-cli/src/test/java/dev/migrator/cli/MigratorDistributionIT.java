package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.jdbc.testing.Ci;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: {@code package} built {@code migrator-cli-<version>-bin.tar.gz} and
 * {@code .zip}; this test builds nothing, unpacks the tar.gz into a temporary folder and runs its {@code bin/migrator}
 * against a fresh PostgreSQL database (dropped afterwards). An integration test (failsafe, after {@code package}); run
 * before a {@code package} it is skipped and says why, and under CI a missing archive or server fails it.
 */
class MigratorDistributionIT {

    @TempDir
    Path work;

    record Result(int exit, String out, String err) {}

    private static Optional<Path> archive(String extension) throws IOException {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("migrator-cli-.*-bin\\." + extension.replace(".",
                    "\\."))).findFirst();
        }
    }

    private static Path required(String extension) throws IOException {
        if (Ci.isOn()) {
            // Under CI `package` built the archive before failsafe runs: a missing one is a broken build, not a skip.
            assertThat(archive(extension)).as("migrator-cli/target/migrator-cli-*-bin." + extension).isPresent();
        }
        // On CI the package phase has run: a missing artifact is a failure there, not a skip.
        assertThat(!"true".equals(System.getenv("CI")) || archive(extension).isPresent())
                .as("the distribution archive must be built before this test under CI=true").isTrue();
        Assumptions.assumeTrue(archive(extension).isPresent(), "target/migrator-cli-*-bin." + extension + " was not "
                + "built: this test runs under `mvn verify` (failsafe, after package), or after "
                + "`mvn -pl migrator-cli -am package -DskipTests`");
        return archive(extension).orElseThrow();
    }

    private Result run(Path directory, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.equals("MIGRATOR_JAR"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx256m");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new Result(p.exitValue(), Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void distribution_unpacked_migratesAndReportsStatusAsJson() throws Exception {
        Path tarGz = required("tar.gz");
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Result untar = run(unpacked, Map.of(), "tar", "xzf", tarGz.toAbsolutePath().toString());
        assertThat(untar.exit()).as(untar.err()).isZero();
        Path home;
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> folders = top.toList();
            assertThat(folders).as("one top-level folder, migrator-<version>").hasSize(1);
            home = folders.get(0);
        }
        assertThat(home.getFileName().toString()).startsWith("migrator-");
        Path launcher = home.resolve("bin/migrator");
        assertThat(Files.getPosixFilePermissions(launcher)).as("bin/migrator is executable")
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(home.resolve("README.md")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .matches("migrator-cli-.*-all\\.jar");
        }

        Path project = Files.createDirectories(work.resolve("project"));
        Path scripts = Files.createDirectories(project.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_things.sql"), "CREATE TABLE things (id int PRIMARY KEY);");
        Files.writeString(scripts.resolve("V2__add_name.sql"), "ALTER TABLE things ADD COLUMN name text;");

        try (TestDatabase db = TestDatabases.postgres()) {
            Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", db.url()));
            if (db.user() != null) {
                env.put("DATABASE_USER", db.user());
            }
            if (db.password() != null && !db.password().isEmpty()) {
                env.put("DATABASE_PASSWORD", db.password());
            }
            // Launched by its path from another folder, as a user on whose PATH bin/ is would.
            Result migrate = run(project, env, launcher.toString(), "migrate", "--location", "db");
            assertThat(migrate.exit()).as(migrate.out() + migrate.err()).isZero();
            assertThat(migrate.out()).contains("Applied 2 script(s)");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                            + "WHERE table_name = 'things' AND column_name = 'name'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("V2 ran in the database").isEqualTo(1);
            }

            Result status = run(project, env, launcher.toString(), "status", "--json", "--location", "db");
            assertThat(status.exit()).as(status.out() + status.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(status.out());
            assertThat(doc.path("command").asText()).isEqualTo("status");
            assertThat(doc.path("ok").asBoolean()).isTrue();
            assertThat(doc.path("pending").asInt()).isZero();
            assertThat(doc.path("applied").asInt()).isEqualTo(2);
            List<String> states = new ArrayList<>();
            doc.path("scripts").forEach(s -> states.add(s.path("version").asText() + " " + s.path("state").asText()));
            assertThat(states).containsExactly("1 APPLIED", "2 APPLIED");
        }
    }

    @Test
    void distribution_zipHoldsTheSameFilesAsTheTarGz() throws Exception {
        Path zip = required("zip");
        Path tarGz = required("tar.gz");
        TreeSet<String> zipped = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(zipped::add);
        }
        Result list = run(work, Map.of(), "tar", "tzf", tarGz.toAbsolutePath().toString());
        assertThat(list.exit()).as(list.err()).isZero();
        TreeSet<String> tarred = new TreeSet<>(list.out().lines().filter(l -> !l.endsWith("/")).toList());
        assertThat(zipped).isEqualTo(tarred);
        assertThat(zipped).anyMatch(n -> n.matches("migrator-[^/]+/bin/migrator"))
                .anyMatch(n -> n.matches("migrator-[^/]+/lib/migrator-cli-.*-all\\.jar"))
                .anyMatch(n -> n.matches("migrator-[^/]+/README\\.md"));
    }
}
