package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC drivers are optional dependencies of migrator-jdbc: an application brings the one it uses. Each case runs a
 * child JVM on this test's class path less one or both driver jars, as an application that did not add them: a
 * connection whose driver is missing fails naming the Maven coordinates to add, and a MariaDB application without
 * pgjdbc migrates (no class it loads needs PostgreSQL's).
 */
class MissingDriverTest {

    private static final Pattern PGJDBC = Pattern.compile("postgresql-\\d[^/]*\\.jar");
    private static final Pattern CONNECTOR_J = Pattern.compile("mysql-connector-j-\\d[^/]*\\.jar");

    @TempDir
    Path dir;

    @Test
    void postgresUrl_withoutPgjdbc_failsNamingOrgPostgresqlPostgresql() throws Exception {
        String out = runWithout(jar(PGJDBC).or(jar(CONNECTOR_J)), "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");

        assertThat(out).contains("code=BACKEND_NOT_FOUND")
                .contains("Connection 'core' (jdbc:postgresql://127.0.0.1:5432/test) needs the PostgreSQL JDBC driver"
                        + " (pgjdbc) (org.postgresql.Driver), which is not on the class path")
                .contains("Add org.postgresql:postgresql to the application's dependencies.")
                .doesNotContain("Failed to get driver instance");
    }

    @Test
    void mysqlAndMariadbUrls_withoutConnectorJ_failNamingComMysqlMysqlConnectorJ() throws Exception {
        String mysql = runWithout(jar(CONNECTOR_J), "jdbc:mysql://127.0.0.1:3306/test", "root", "");
        String mariadb = runWithout(jar(CONNECTOR_J), "jdbc:mariadb://127.0.0.1:3306/test", "root", "");

        assertThat(mysql).contains("code=BACKEND_NOT_FOUND")
                .contains("Connection 'core' (jdbc:mysql://127.0.0.1:3306/test) needs MySQL Connector/J"
                        + " (com.mysql.cj.jdbc.Driver), which is not on the class path")
                .contains("Add com.mysql:mysql-connector-j to the application's dependencies.");
        assertThat(mariadb).contains("code=BACKEND_NOT_FOUND")
                .contains("needs MySQL Connector/J (com.mysql.cj.jdbc.Driver), which is not on the class path"
                        + " (jdbc:mariadb: URLs are served through it;")
                .contains("Add com.mysql:mysql-connector-j to the application's dependencies.");
    }

    @Test
    void missingDriverMessage_masksThePasswordOfTheUrl() throws Exception {
        String out = runWithout(jar(PGJDBC), "jdbc:postgresql://deploy:s3cretPass@127.0.0.1:5432/test", "", "");

        assertThat(out).contains("Add org.postgresql:postgresql").contains("deploy:****@127.0.0.1")
                .doesNotContain("s3cretPass");
    }

    @Test
    void mariadb_withConnectorJButWithoutPgjdbc_migrates() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("V1__people.sql"), "CREATE TABLE people (id INT PRIMARY KEY);\n"
                + "INSERT INTO people (id) VALUES (1), (2);\n");
        try (TestDatabase db = TestDatabases.mariadb()) {
            String out = runWithout(jar(PGJDBC), db.url(), db.user(), db.password() == null ? "" : db.password(),
                    "filesystem:" + scripts);

            assertThat(out).contains("applied=1").doesNotContain("Exception").doesNotContain("Error");
            try (var c = db.connect(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM people")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    /**
     * Issue 20: a start loads the driver its URL needs and no other. Through the driver manager, every driver on the
     * class path was loaded and initialised (Connector/J on a PostgreSQL start, pgjdbc on a MariaDB start).
     */
    @Test
    void start_withBothDriversOnTheClassPath_loadsOnlyTheDriverItsUrlNeeds() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("V1__people.sql"), "CREATE TABLE people (id INT PRIMARY KEY);\n");
        try (TestDatabase pg = TestDatabases.postgres(); TestDatabase maria = TestDatabases.mariadb()) {
            List<String> pgClasses = loadedClasses(pg, "filesystem:" + scripts);
            List<String> mariaClasses = loadedClasses(maria, "filesystem:" + scripts);

            assertThat(pgClasses).contains("org.postgresql.Driver").noneMatch(c -> c.startsWith("com.mysql."));
            assertThat(mariaClasses).contains("com.mysql.cj.jdbc.Driver").noneMatch(c -> c.startsWith("org.postgresql."));
        }
    }

    /** Migrates in a child JVM on this test's whole class path, both drivers on it; the classes it loaded. */
    private List<String> loadedClasses(TestDatabase db, String location) throws Exception {
        Path classLog = Files.createTempFile(dir, "classes", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:file=" + classLog,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                db.url(), db.user(), db.password() == null ? "" : db.password(), location);
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("child output:%n%s", out).isZero();
        assertThat(out).as("child output").contains("applied=1");
        // "[0.123s][info][class,load] org.postgresql.Driver source: jar:..."
        return Files.readAllLines(classLog, StandardCharsets.UTF_8).stream()
                .map(line -> line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2))
                .map(line -> line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line)
                .toList();
    }

    /** A class path entry that is one of these jars. */
    private static Predicate<String> jar(Pattern name) {
        return entry -> name.matcher(Path.of(entry).getFileName().toString()).matches();
    }

    /** Runs {@link Main} in a child JVM on this class path less the entries {@code left out}; returns its output. */
    private String runWithout(Predicate<String> leftOut, String... args) throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> kept = entries.stream().filter(leftOut.negate()).toList();
        assertThat(entries.size() - kept.size()).as("driver jars left out of %s", entries).isPositive();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, kept), Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("child output:%n%s", out).isZero();
        return out;
    }

    /**
     * Builds a manager for one connection ({@code url user password [location]}) and, with a location, migrates: prints
     * {@code applied=<n>}, or the error's code and message.
     */
    public static final class Main {
        public static void main(String[] args) {
            MigrationManager.Builder builder = MigrationManager.builder().connection("core", args[0],
                    args[1].isEmpty() ? null : args[1], args[2].isEmpty() ? null : args[2]);
            if (args.length > 3) {
                builder.locations(args[3]);
            }
            try (MigrationManager manager = builder.build()) {
                if (args.length > 3) {
                    System.out.println("applied=" + manager.migrate().applied().size());
                }
            } catch (MigratorException e) {
                System.out.println("code=" + e.code() + "\nmessage=" + e.getMessage());
            }
        }
    }
}
