package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockRetryPostgresTest extends AbstractLockRetryTest {
    LockRetryPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    // CREATE INDEX CONCURRENTLY waits for writers without blocking anyone; cancelled, it would leave an invalid index
    // that makes its next attempt fail ("already exists"). So it waits with the session's own setting.
    @Test
    void migrate_createIndexConcurrentlyWaitsLongerThanTheLimit_isNotCancelled_andLeavesAValidIndex() throws Exception {
        createAccounts();
        MigrationManager manager = track(limited(3).script(Script.of("1", "index_name",
                "CREATE INDEX CONCURRENTLY accounts_name ON accounts (name)", null)).build());

        MigrateResult result;
        long t0 = System.nanoTime();
        try (Blocker blocker = new Blocker(Duration.ofMillis(1000), "UPDATE accounts SET name = name WHERE id = 1")) {
            result = manager.migrate();
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(tookMs).as("it waited for the writer, past the 200 ms limit").isGreaterThan(800);
        assertThat(result.applied()).extracting(ExecutedScript::lockRetries).containsExactly(0);
        assertThat(retries()).isEmpty();
        assertThat(queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 'accounts_name'::regclass AND indisvalid"))
                .isEqualTo(1);
    }

    @Override
    Duration lockTimeout() {
        return Duration.ofMillis(200);
    }

    @Override
    Duration hold() {
        return Duration.ofMillis(2000);
    }

    @Override
    String sessionSetting(Connection c) throws SQLException {
        return single(c, "SHOW lock_timeout");
    }

    @Override
    String ownSettingSql() {
        return "SET lock_timeout = '7s'";
    }

    @Override
    String ownSetting() {
        return "7s";
    }

    @Override
    long sessionId(Connection c) throws SQLException {
        return Long.parseLong(single(c, "SELECT pg_backend_pid()"));
    }

    static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
