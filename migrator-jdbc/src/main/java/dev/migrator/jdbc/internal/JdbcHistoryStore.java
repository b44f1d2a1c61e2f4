package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.HistoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table of one schema, on the session's work connection: inside a transaction, rows commit or roll back
 * with the script. Values are always bound, never concatenated.
 */
final class JdbcHistoryStore implements HistoryStore {

    private static final String COLUMNS = "installed_rank, version, name, type, checksum, checksum_algorithm,"
            + " installed_by, installed_at, execution_time_ms, success, statements_completed";

    private final Connection connection;
    private final Dialect dialect;
    private final String schema;
    private final String table;
    private final String qualified;
    private final String where;

    JdbcHistoryStore(Connection connection, Dialect dialect, String schema, String table, String where) {
        this.connection = connection;
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.qualified = dialect.qualify(schema, table);
        this.where = where;
    }

    @Override
    public boolean exists() {
        try {
            return dialect.tableExists(connection, schema, table);
        } catch (SQLException e) {
            throw failed("check whether history table " + qualified + " exists", e);
        }
    }

    @Override
    public void createIfMissing() {
        try {
            for (String ddl : dialect.historyDdl(schema, table)) {
                executeTolerating(connection, dialect, ddl);
            }
        } catch (SQLException e) {
            throw failed("create history table " + qualified, e);
        }
    }

    /**
     * Runs an idempotent {@code CREATE ... IF NOT EXISTS}, treating the loser's error of a concurrent create as done.
     * Inside a transaction a savepoint keeps that error from aborting it (PostgreSQL).
     */
    static void executeTolerating(Connection connection, Dialect dialect, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = connection.getAutoCommit() || !dialect.transactionalDdl() ? null : connection.setSavepoint();
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
                release(connection, savepoint);
                return;
            } catch (SQLException e) {
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                if (!dialect.isConcurrentCreate(e)) {
                    throw e;
                }
                if (attempt >= 3) {
                    return; // the other creator won; the object exists
                }
                // Retry: IF NOT EXISTS now sees the winner's committed object and succeeds quietly.
            }
        }
    }

    @Override
    public List<HistoryRow> read() {
        String sql = "SELECT " + COLUMNS.replace("installed_at,", dialect.installedAtSelect() + ",") + " FROM " + qualified
                + " ORDER BY installed_rank";
        Savepoint savepoint = null;
        try {
            // A missing table aborts a PostgreSQL transaction; a savepoint keeps the transaction usable.
            savepoint = connection.getAutoCommit() || !dialect.transactionalDdl() ? null : connection.setSavepoint();
            List<HistoryRow> rows = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            release(connection, savepoint);
            return List.copyOf(rows);
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                try {
                    if (savepoint != null) {
                        connection.rollback(savepoint);
                    }
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                    throw failed("read history table " + qualified, e);
                }
                return List.of();
            }
            throw failed("read history table " + qualified, e);
        }
    }

    private HistoryRow row(ResultSet rs) throws SQLException {
        Instant installedAt = dialect.getInstalledAt(rs, 8);
        return new HistoryRow(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                installedAt,
                Duration.ofMillis(rs.getLong(9)),
                rs.getBoolean(10),
                rs.getInt(11));
    }

    @Override
    public void insert(HistoryRow row) {
        String sql = "INSERT INTO " + qualified + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, row.rank());
            bindValues(ps, row, 2);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("insert rank " + row.rank() + " into history table " + qualified, e);
        }
    }

    @Override
    public void update(HistoryRow row) {
        String sql = "UPDATE " + qualified + " SET version = ?, name = ?, type = ?, checksum = ?, checksum_algorithm = ?,"
                + " installed_by = ?, installed_at = ?, execution_time_ms = ?, success = ?, statements_completed = ?"
                + " WHERE installed_rank = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindValues(ps, row, 1);
            ps.setInt(11, row.rank());
            int updated = ps.executeUpdate();
            if (updated != 1) {
                throw new DatabaseException("Cannot update rank " + row.rank() + " of history table " + qualified
                        + " on " + where + ": no such row. Read the history again; another run may have changed it.");
            }
        } catch (SQLException e) {
            throw failed("update rank " + row.rank() + " of history table " + qualified, e);
        }
    }

    @Override
    public void delete(int rank) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + qualified + " WHERE installed_rank = ?")) {
            ps.setInt(1, rank);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("delete rank " + rank + " from history table " + qualified, e);
        }
    }

    /** Binds version..statements_completed (ten values) from {@code first}. */
    private void bindValues(PreparedStatement ps, HistoryRow row, int first) throws SQLException {
        int i = first;
        setNullable(ps, i++, row.version());
        ps.setString(i++, row.name());
        ps.setString(i++, row.type());
        setNullable(ps, i++, row.checksum());
        setNullable(ps, i++, row.checksumAlgorithm());
        ps.setString(i++, row.installedBy());
        dialect.setInstant(ps, i++, row.installedAt() == null ? Instant.now() : row.installedAt());
        ps.setLong(i++, row.executionTime() == null ? 0 : row.executionTime().toMillis());
        ps.setBoolean(i++, row.success());
        ps.setInt(i, row.statementsCompleted());
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void release(Connection connection, Savepoint savepoint) throws SQLException {
        if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
        }
    }

    private DatabaseException failed(String action, SQLException e) {
        return new DatabaseException("Cannot " + action + " on " + where + ": " + e.getMessage() + " (SQLSTATE "
                + e.getSQLState() + ").", e);
    }
}
