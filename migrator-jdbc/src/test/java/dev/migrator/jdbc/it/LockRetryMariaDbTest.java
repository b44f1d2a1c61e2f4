package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

class LockRetryMariaDbTest extends AbstractLockRetryTest {
    LockRetryMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    /** lock_wait_timeout counts whole seconds: 1 s is the shortest. */
    @Override
    Duration lockTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    Duration hold() {
        return Duration.ofMillis(3500);
    }

    @Override
    String sessionSetting(Connection c) throws SQLException {
        return LockRetryPostgresTest.single(c,
                "SELECT CONCAT(@@SESSION.lock_wait_timeout, '/', @@SESSION.innodb_lock_wait_timeout)");
    }

    @Override
    String ownSettingSql() {
        return "SET SESSION lock_wait_timeout = 77, innodb_lock_wait_timeout = 33";
    }

    @Override
    String ownSetting() {
        return "77/33";
    }

    @Override
    long sessionId(Connection c) throws SQLException {
        return Long.parseLong(LockRetryPostgresTest.single(c, "SELECT CONNECTION_ID()"));
    }
}
