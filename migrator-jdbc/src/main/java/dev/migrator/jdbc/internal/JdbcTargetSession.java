package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.HistoryStore;
import dev.migrator.spi.LockWaitLimit;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;

/**
 * Work on one schema over one work connection borrowed from the backend's pool (autocommit outside
 * {@link #begin()}/{@link #commit()}). The lock has a connection of its own. Not thread-safe. {@link #close()} releases
 * the lock, rolls back an open transaction, restores the connection's default schema and returns the connection.
 */
final class JdbcTargetSession implements TargetSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTargetSession.class);

    private final JdbcBackend backend;
    private final Dialect dialect;
    private final String schema;
    private final Connection connection;
    private final String savedSchemaState;
    private final NativeLock lock;
    private final JdbcHistoryStore history;
    private final String where;
    private final JdbcLockWaitLimit lockWaitLimit;
    private boolean inTransaction;
    private boolean closed;

    private JdbcTargetSession(
            JdbcBackend backend,
            Dialect dialect,
            String schema,
            String historyTable,
            String database,
            Connection connection,
            String savedSchemaState) {
        this.backend = backend;
        this.dialect = dialect;
        this.schema = schema;
        this.connection = connection;
        this.savedSchemaState = savedSchemaState;
        this.where = "'" + backend.name() + "' schema " + schema;
        this.lock = new NativeLock(backend::lockConnection, dialect.lockSql(database, schema, historyTable));
        this.history = new JdbcHistoryStore(connection, dialect, schema, historyTable, where);
        this.lockWaitLimit = new JdbcLockWaitLimit(connection, dialect.lockWaits(), where);
    }

    static JdbcTargetSession open(JdbcBackend backend, Dialect dialect, String schema, String historyTable, String database) {
        Connection c = backend.workConnection();
        try {
            c.setAutoCommit(true);
            String saved = dialect.schemaState(c);
            if (dialect.schemaExists(c, schema)) {
                dialect.useSchema(c, schema);
            }
            return new JdbcTargetSession(backend, dialect, schema, historyTable, database, c, saved);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new DatabaseException("Cannot open a session on '" + backend.name() + "' schema " + schema + ": "
                    + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ").", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public boolean schemaExists() {
        try {
            return dialect.schemaExists(connection, schema);
        } catch (SQLException e) {
            throw failed("check whether the schema exists", e);
        }
    }

    @Override
    public void createSchema() {
        String sql = dialect.createSchemaSql(schema);
        try {
            JdbcHistoryStore.executeTolerating(connection, dialect, sql);
            dialect.useSchema(connection, schema);
            LOG.info("[{}] created schema {} (if it was missing)", backend.name(), schema);
        } catch (SQLException e) {
            throw failed("create the schema", e);
        }
    }

    @Override
    public TargetLock lock() {
        return lock;
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public void begin() {
        if (inTransaction) {
            throw new IllegalStateException("A transaction is already open on " + where + "; commit or roll it back first.");
        }
        try {
            connection.setAutoCommit(false);
            inTransaction = true;
        } catch (SQLException e) {
            throw failed("begin a transaction", e);
        }
    }

    @Override
    public void commit() {
        try {
            connection.commit();
            connection.setAutoCommit(true);
            inTransaction = false;
        } catch (SQLException e) {
            throw failed("commit", e);
        }
    }

    @Override
    public void rollback() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warn("[{}] rollback failed on a broken connection ({}); the database discards the transaction"
                    + " with the connection.", where, e.getMessage());
        } finally {
            inTransaction = false;
        }
    }

    @Override
    public void execute(ParsedStatement statement) {
        try (Statement s = connection.createStatement()) {
            s.execute(statement.text());
        } catch (SQLException e) {
            String state = e.getSQLState() != null ? e.getSQLState() : (e.getErrorCode() != 0 ? Integer.toString(e.getErrorCode()) : null);
            throw new StatementException(e.getMessage(), state, dialect.timeoutHint(e), e);
        }
    }

    @Override
    public Optional<dev.migrator.spi.ScriptLinter> linter(dev.migrator.api.LintThreshold threshold) {
        return Optional.of(dialect.linter(connection, schema, threshold, where));
    }

    @Override
    public Optional<LockWaitLimit> lockWaitLimit() {
        return Optional.of(lockWaitLimit);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type == Connection.class ? Optional.of(type.cast(connection)) : Optional.empty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            if (inTransaction) {
                rollback();
            }
            try {
                if (lockWaitLimit.applied() && !connection.isClosed()) {
                    // The engine restores it after each script; this is for a run that ended between the two.
                    lockWaitLimit.restore();
                }
            } catch (RuntimeException | SQLException e) {
                LOG.warn("[{}] could not restore the connection's lock wait setting: {}", where, e.getMessage());
            }
            try {
                if (!connection.isClosed() && connection.getAutoCommit()) {
                    dialect.restoreSchemaState(connection, savedSchemaState);
                }
            } catch (SQLException e) {
                LOG.debug("[{}] could not restore the connection's default schema: {}", where, e.getMessage());
            }
            closeQuietly(connection);
        }
    }

    private DatabaseException failed(String action, SQLException e) {
        return new DatabaseException("Cannot " + action + " on " + where + ": " + e.getMessage() + " (SQLSTATE "
                + e.getSQLState() + ").", e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a work connection failed: {}", e.getMessage());
        }
    }
}
