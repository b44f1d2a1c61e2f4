package dev.migrator.jdbc.internal.mysql;

import dev.migrator.jdbc.internal.LockWaitSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * MySQL/MariaDB: {@code lock_wait_timeout} bounds waits for metadata locks (what DDL waits for behind an open
 * transaction that read the table) and {@code innodb_lock_wait_timeout} waits for row locks; both count whole seconds,
 * so a timeout is rounded up to at least 1 s. Either wait running out is error 1205 (ER_LOCK_WAIT_TIMEOUT).
 */
final class MysqlLockWaits implements LockWaitSql {

    static final MysqlLockWaits INSTANCE = new MysqlLockWaits();

    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private MysqlLockWaits() {}

    @Override
    public String read(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                        "SELECT @@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1) + " " + rs.getLong(2);
        }
    }

    @Override
    public void limit(Connection connection, Duration timeout) throws SQLException {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        set(connection, seconds + " " + seconds);
    }

    @Override
    public void set(Connection connection, String saved) throws SQLException {
        String[] parts = saved.split(" ");
        try (PreparedStatement s = connection.prepareStatement(
                "SET SESSION lock_wait_timeout = ?, innodb_lock_wait_timeout = ?")) {
            s.setLong(1, Long.parseLong(parts[0]));
            s.setLong(2, Long.parseLong(parts[1]));
            s.execute();
        }
    }

    @Override
    public boolean isTimeout(SQLException e) {
        return e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT;
    }

    @Override
    public String settingName() {
        return "lock_wait_timeout and innodb_lock_wait_timeout";
    }

    @Override
    public String blockersQuery() {
        return "SELECT p.ID, p.USER, p.HOST, p.TIME, t.trx_started, p.INFO FROM information_schema.INNODB_TRX t"
                + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id ORDER BY t.trx_started";
    }
}
