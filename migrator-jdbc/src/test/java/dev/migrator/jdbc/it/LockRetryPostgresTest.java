package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

class LockRetryPostgresTest extends AbstractLockRetryTest {
    LockRetryPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
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
