package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections a new user gets wrong: a URL without a database, a server that is not there, a host that does not
 * exist, a wrong password. Each is told what to fix, in time, without a stack trace.
 */
class ConnectionCliTest {

    @TempDir
    Path dir;

    private CliRun cli(Map<String, String> env, String... args) {
        return CliRun.of(env, dir, args);
    }

    @Test
    void urlWithoutDatabaseName_isAUsageError() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:5432", "jdbc:postgresql://127.0.0.1:5432/",
                "jdbc:mysql://127.0.0.1:3306/?useSSL=false", "postgres://postgres@127.0.0.1:5432",
                "mysql://root@127.0.0.1:3306/"}) {
            CliRun run = cli(Map.of("DATABASE_URL", url), "status", "--location", "db");

            assertThat(run.exit()).as(url + ": " + run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(url).contains("no database name").contains("DATABASE_URL")
                    .doesNotContain("\tat ").doesNotContain("Exception");
        }
        CliRun flag = cli(Map.of(), "test-connection", "--url", "jdbc:mysql://127.0.0.1:3306");
        assertThat(flag.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err()).contains("--url").contains("no database name");
    }

    @Test
    void refusedConnection_failsAtOnce_sayingTheServerIsNotRunning() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app");
        long start = System.nanoTime();

        CliRun test = cli(env, "test-connection");
        CliRun status = cli(env, "status", "--location", "db");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(test.exit()).as(test.all()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(test.err()).contains("127.0.0.1:1").contains("refused").contains("Check that the server is running");
        assertThat(status.exit()).as(status.all()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(status.err()).contains("127.0.0.1:1").contains("refused");
        assertThat(took).as("both commands, each well under the 5 s and 10 s connect timeouts")
                .isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void unknownHost_failsAtOnce_namingTheHost() {
        long start = System.nanoTime();

        CliRun test = cli(Map.of("DATABASE_URL", "jdbc:postgresql://no-such-host.invalid:5432/app"), "test-connection");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(test.exit()).as(test.all()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(test.err()).contains("no-such-host.invalid").contains("unknown host");
    }

    @Test
    void wrongPassword_isNotBlamedOnTheServer() {
        try (TestDatabase db = TestDatabases.mariadb()) {
            Map<String, String> env = Map.of("DATABASE_URL", db.url(), "DATABASE_USER", "nobody_here",
                    "DATABASE_PASSWORD", "wrong-password");

            CliRun test = cli(env, "test-connection");

            assertThat(test.exit()).as(test.all()).isEqualTo(ExitCodes.CONNECTION);
            assertThat(test.err()).contains("Access denied").doesNotContain("Check that the server is running")
                    .contains("Check the user and password").doesNotContain("wrong-password");
        }
    }
}
