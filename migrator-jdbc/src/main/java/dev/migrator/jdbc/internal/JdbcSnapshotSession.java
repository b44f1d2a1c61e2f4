package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.KeyRange;
import dev.migrator.spi.RangeReader;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A consistent read-only snapshot over one connection of its own (not the pool's). */
final class JdbcSnapshotSession implements SnapshotSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSnapshotSession.class);

    private final JdbcBackend backend;
    private final TableData data;
    private final Connection connection;
    private final String consistency;

    private JdbcSnapshotSession(JdbcBackend backend, TableData data, Connection connection, String consistency) {
        this.backend = backend;
        this.data = data;
        this.connection = connection;
        this.consistency = consistency;
    }

    static JdbcSnapshotSession open(JdbcBackend backend, TableData data) {
        Connection c = backend.lockConnection();
        try {
            c.setAutoCommit(false);
            String consistency = data.startSnapshot(c);
            return new JdbcSnapshotSession(backend, data, c, consistency);
        } catch (SQLException e) {
            close(c);
            throw failed(backend, "start a snapshot", e);
        }
    }

    @Override
    public String consistency() {
        return consistency;
    }

    @Override
    public List<TableInfo> tables(String schema, List<String> exclude) {
        try {
            List<TableInfo> out = new ArrayList<>();
            for (String name : data.tableNames(connection, schema)) {
                if (!exclude.contains(name)) {
                    TableInfo t = data.describe(connection, schema, name);
                    if (t != null) {
                        out.add(t);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(backend, "list the tables of " + schema, e);
        }
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(data.describe(backend, connection, schema, table));
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        return read(backend, data, connection, table, sink);
    }

    /** Streams a table's rows over a connection, in its transaction: a snapshot's, or a load's before it commits. */
    static long read(JdbcBackend backend, TableData data, Connection connection, TableInfo table, RowSink sink) {
        List<ColumnInfo> columns = table.columns();
        long rows = 0;
        try (Statement s = data.streamingStatement(connection); ResultSet rs = s.executeQuery(data.selectAll(table))) {
            while (rs.next()) {
                sink.accept(data.readRow(rs, columns));
                rows++;
            }
            return rows;
        } catch (SQLException e) {
            throw failed(backend, "read " + table.qualifiedName() + " (after " + rows + " rows)", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<RangeReader> ranges() {
        return Optional.of(new RangeReader() {
            @Override
            public List<KeyRange> split(TableInfo table, int parts, long minRowsPerRange) {
                try {
                    List<String> keys = data.splitKeys(connection, table, parts, minRowsPerRange);
                    if (keys.isEmpty()) {
                        return List.of(KeyRange.ALL);
                    }
                    List<KeyRange> out = new ArrayList<>();
                    Optional<String> from = Optional.empty();
                    for (String key : keys) {
                        out.add(new KeyRange(from, Optional.of(key)));
                        from = Optional.of(key);
                    }
                    out.add(new KeyRange(from, Optional.empty()));
                    return out;
                } catch (SQLException e) {
                    throw failed(backend, "split " + table.qualifiedName() + " into key ranges", e);
                }
            }

            @Override
            public long read(TableInfo table, KeyRange range, RowSink sink) {
                if (range.equals(KeyRange.ALL)) {
                    return JdbcSnapshotSession.this.read(table, sink);
                }
                List<ColumnInfo> columns = table.columns();
                long rows = 0;
                try (PreparedStatement ps = data.streamingQuery(connection, data.selectRange(table, range))) {
                    TableData.bindRange(ps, range);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(data.readRow(rs, columns));
                            rows++;
                        }
                    }
                    return rows;
                } catch (SQLException e) {
                    throw failed(backend, "read " + table.qualifiedName() + " from key " + range.from().orElse("(start)")
                            + " to " + range.to().orElse("(end)") + " (after " + rows + " rows)", e);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    @Override
    public Optional<SnapshotSession> fork() {
        String id;
        try {
            id = data.exportSnapshot(connection);
        } catch (SQLException e) {
            throw failed(backend, "export the snapshot", e);
        }
        if (id == null) {
            return Optional.empty(); // MySQL/MariaDB cannot share a snapshot between connections
        }
        Connection c = backend.lockConnection();
        try {
            c.setAutoCommit(false);
            data.joinSnapshot(c, id);
            return Optional.of(new JdbcSnapshotSession(backend, data, c, consistency));
        } catch (SQLException e) {
            close(c);
            throw failed(backend, "join the exported snapshot " + id, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("[{}] ending the snapshot: {}", backend.name(), e.getMessage());
        }
        close(connection);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a snapshot connection: {}", e.getMessage());
        }
    }

    static DatabaseException failed(JdbcBackend backend, String action, SQLException e) {
        String timeout = backend.dialect().timeoutHint(e);
        return new DatabaseException("Cannot " + action + " on '" + backend.name() + "': " + e.getMessage() + " (SQLSTATE "
                + e.getSQLState() + ")." + (timeout == null ? "" : " " + timeout), e);
    }
}
