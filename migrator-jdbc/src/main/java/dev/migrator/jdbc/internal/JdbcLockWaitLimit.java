package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.LockWaitLimit;
import dev.migrator.spi.StatementException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A work connection's lock wait limit: the family's setting applied in the session (never {@code SET LOCAL}: a setting
 * made inside a transaction would vanish with its rollback, and scripts also run outside one), and the value found
 * before it remembered so that the connection, which may be the caller's own, goes back exactly as it came.
 */
final class JdbcLockWaitLimit implements LockWaitLimit {

    private final Connection connection;
    private final LockWaitSql sql;
    private final String where;
    /** The session's own setting while a limit is applied; {@code null} when none is. */
    private String saved;

    JdbcLockWaitLimit(Connection connection, LockWaitSql sql, String where) {
        this.connection = connection;
        this.sql = sql;
        this.where = where;
    }

    @Override
    public void apply(Duration timeout) {
        try {
            if (saved == null) {
                saved = sql.read(connection);
            }
            sql.limit(connection, timeout);
        } catch (SQLException e) {
            throw failed("set " + sql.settingName() + " to " + timeout.toMillis() + " ms", e);
        }
    }

    @Override
    public void restore() {
        if (saved == null) {
            return;
        }
        try {
            sql.set(connection, saved);
            saved = null;
        } catch (SQLException e) {
            throw failed("restore " + sql.settingName() + " to " + saved, e);
        }
    }

    /** Whether a limit is applied and not yet restored. */
    boolean applied() {
        return saved != null;
    }

    @Override
    public boolean timedOut(StatementException failure) {
        return failure.getCause() instanceof SQLException e && sql.isTimeout(e);
    }

    @Override
    public String settingName() {
        return sql.settingName();
    }

    @Override
    public String blockersQuery() {
        return sql.blockersQuery();
    }

    private DatabaseException failed(String action, SQLException e) {
        return new DatabaseException("Cannot " + action + " on " + where + ": " + e.getMessage() + " (SQLSTATE "
                + e.getSQLState() + ").", e);
    }
}
