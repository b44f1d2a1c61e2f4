package dev.migrator.jdbc.internal.postgres;

import dev.migrator.jdbc.internal.LockWaitSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** PostgreSQL's {@code lock_timeout}: milliseconds, 0 = wait forever; a wait that runs out is SQLSTATE 55P03. */
final class PostgresLockWaits implements LockWaitSql {

    static final PostgresLockWaits INSTANCE = new PostgresLockWaits();

    private PostgresLockWaits() {}

    @Override
    public String read(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT current_setting('lock_timeout')");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void limit(Connection connection, Duration timeout) throws SQLException {
        set(connection, Math.max(1, timeout.toMillis()) + "ms");
    }

    @Override
    public void set(Connection connection, String saved) throws SQLException {
        // set_config(..., false) is SET for the session: bound as a parameter, never pasted into SQL text.
        try (PreparedStatement s = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            s.setString(1, saved);
            s.executeQuery().close();
        }
    }

    @Override
    public boolean isTimeout(SQLException e) {
        // lock_not_available: lock_timeout ran out (also NOWAIT's refusal, which is as safe to run again).
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public String settingName() {
        return "lock_timeout";
    }

    @Override
    public String blockersQuery() {
        return "SELECT pid, usename, application_name, state, now() - xact_start AS open_for, left(query, 200) AS last_query"
                + " FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start";
    }
}
