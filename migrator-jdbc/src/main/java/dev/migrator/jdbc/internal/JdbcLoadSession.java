package dev.migrator.jdbc.internal;

import dev.migrator.spi.LoadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Truncate and bulk load in one transaction, over one connection of its own. */
final class JdbcLoadSession implements LoadSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLoadSession.class);

    private final JdbcBackend backend;
    private final TableData data;
    private final Connection connection;
    private boolean began;

    JdbcLoadSession(JdbcBackend backend, TableData data) {
        this.backend = backend;
        this.data = data;
        this.connection = backend.lockConnection();
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(data.describe(backend, connection, schema, table));
    }

    @Override
    public List<TableInfo> loadOrder(List<TableInfo> tables) {
        try {
            return TableData.parentsFirst(tables, data.foreignKeys(connection, tables));
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "read foreign keys", e);
        }
    }

    @Override
    public boolean transactional() {
        return true; // PostgreSQL TRUNCATE and MySQL DELETE (see MysqlData.truncate) both roll back
    }

    @Override
    public void begin() {
        try {
            data.beginLoad(connection);
            began = true;
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "begin the load", e);
        }
    }

    @Override
    public void truncate(List<TableInfo> tables) {
        try {
            data.truncate(connection, tables);
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "empty " + tables.stream().map(TableInfo::qualifiedName).toList(), e);
        }
    }

    @Override
    public long load(TableInfo table, Iterator<Object[]> rows) {
        try {
            return data.load(connection, table, rows);
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "load " + table.qualifiedName(), e);
        }
    }

    /** Inside the load's transaction: the rows just loaded, before anyone else sees them. */
    @Override
    public long read(TableInfo table, RowSink sink) {
        return JdbcSnapshotSession.read(backend, data, connection, table, sink);
    }

    @Override
    public void resetSequences(TableInfo table) {
        try {
            data.resetSequences(connection, table);
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "reset the sequences of " + table.qualifiedName(), e);
        }
    }

    @Override
    public void commit() {
        try {
            connection.commit();
            data.endLoad(connection);
            began = false;
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "commit the load", e);
        }
    }

    @Override
    public void rollback() {
        try {
            connection.rollback();
            data.endLoad(connection);
        } catch (SQLException e) {
            LOG.warn("[{}] rollback of the load failed ({}); the server discards it with the connection.", backend.name(),
                    e.getMessage());
        }
        began = false;
    }

    @Override
    public void close() {
        if (began) {
            rollback();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the load connection: {}", e.getMessage());
        }
    }
}
