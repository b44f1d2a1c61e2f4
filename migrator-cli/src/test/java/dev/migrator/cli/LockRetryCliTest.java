package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} with a statement blocked by another session's open transaction: the lock retry settings come from
 * the config file and the flags (the flag wins), each retry is a progress line, and the failure exits with the lock
 * code and advice in the tool's words.
 */
class LockRetryCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        env.putAll(CliRun.environment(db));
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY)");
        }
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void migrate_blockedStatement_retriesAsTheFileAndFlagsSay_thenExitsWithTheLockCodeNamingTheFlags() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__add_email.sql"), "ALTER TABLE accounts ADD COLUMN email text;");
        Files.writeString(dir.resolve("migrator.yaml"), "statementLockTimeout: 200ms\n"
                + "lockRetries: { attempts: 5, maxBackoff: 100ms }\n");

        CliRun run;
        try (Connection blocker = db.connect();
                Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM accounts").close();
            run = CliRun.of(env, dir, "migrate", "--location", "db", "--lock-retries", "2");
            blocker.rollback();
        }

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.LOCK);
        assertThat(run.err())
                .contains("public: 1 add_email: statement 1 timed out waiting for a lock (attempt 1); retrying in")
                .doesNotContain("(attempt 2)")
                .contains("The statement timed out waiting for a lock on each of its 2 attempt(s)")
                .contains("statementLockTimeout is 200 ms, applied as postgresql lock_timeout")
                .contains("wait longer with --statement-lock-timeout or more attempts with --lock-retries"
                        + " (statementLockTimeout and lockRetries in the config file)")
                .doesNotContain("statementLockTimeout(Duration)")
                .doesNotContain("lockRetries(int");

        CliRun again = CliRun.of(env, dir, "migrate", "--location", "db", "--statement-lock-timeout", "0");
        assertThat(again.exit()).as(again.all()).isZero();
    }
}
