package dev.migrator.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passwords must never reach a log line, an exception message, a result or a {@code toString()}. PostgreSQL here
 * trusts local logins, so a password is accepted and ignored: the runs below succeed and fail with it configured.
 */
class SecretsNeverShownTest {

    private static final String SECRET = "s3cr3t-Pw-7781";

    private TestDatabase db;
    private PrintStream originalErr;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        db = TestDatabases.postgres();
        originalErr = System.err;
        // slf4j-simple writes to the current System.err on every call.
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setErr(originalErr);
        db.close();
    }

    @Test
    void migrateSuccessAndFailure_passwordInUrlAndConfig_neverInLogsMessagesOrResults() {
        String urlWithSecret = db.url().replace("jdbc:postgresql://", "jdbc:postgresql://" + db.user() + ":" + SECRET + "@")
                + (db.url().contains("?") ? "&" : "?") + "password=" + SECRET;
        StringBuilder seen = new StringBuilder();
        try (MigrationManager manager = MigrationManager.builder()
                .connection("core", urlWithSecret, db.user(), SECRET)
                .script(Script.of("1", "create_a", "CREATE TABLE a (id int)", "DROP TABLE a"))
                .script(Script.of("2", "broken", "CREATE TABLE b (id int);\nSELECT * FROM no_such_table", null))
                .build()) {
            seen.append(manager).append('\n');
            assertThatThrownBy(manager::migrate).satisfies(e -> seen.append(e).append('\n').append(e.getMessage()));
            MigrateResult partial = manager.migrateTo("1");
            seen.append(partial).append('\n').append(manager.status()).append('\n').append(manager.validate());
        }

        ConnectionConfig unreachable = ConnectionConfig.of("down", "jdbc:postgresql://127.0.0.1:1/app?password=" + SECRET,
                        "app", SECRET)
                .withConnectTimeout(Duration.ofSeconds(2));
        seen.append(unreachable).append('\n');
        try (MigrationManager manager = MigrationManager.builder()
                .connection(unreachable)
                .script(Script.of("1", "x", "SELECT 1", null))
                .build()) {
            assertThatThrownBy(manager::migrate)
                    .satisfies(e -> seen.append(e).append('\n').append(e.getMessage()).append('\n'))
                    .hasMessageContaining("127.0.0.1:1");
        }

        System.err.flush();
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertThat(logText).as("log output").contains("core/public").doesNotContain(SECRET);
        assertThat(seen.toString()).as("messages, results and toString()").doesNotContain(SECRET);
    }
}
