package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.NativeBatch;
import dev.migrator.spi.NativeReader;
import dev.migrator.spi.QueryReader;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableChecksums;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a data migration's source over one connection of its own (not the pool's). PostgreSQL reads through a cursor
 * in a short read transaction per call, ended when the call returns so no snapshot is held between batches;
 * MySQL/MariaDB streams row by row in autocommit. Values are read exactly as a backup snapshot reads them.
 */
final class JdbcDataReadSession implements DataReadSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDataReadSession.class);

    private final JdbcBackend backend;
    private final TableData data;
    private final Connection connection;

    private JdbcDataReadSession(JdbcBackend backend, TableData data, Connection connection) {
        this.backend = backend;
        this.data = data;
        this.connection = connection;
    }

    static JdbcDataReadSession open(JdbcBackend backend, TableData data) {
        Connection c = JdbcDataWriteSession.sessionConnection(backend, data, !data.streamsInTransaction(), "reading");
        return new JdbcDataReadSession(backend, data, c);
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        try {
            return Optional.ofNullable(data.describe(backend, connection, schema, table));
        } finally {
            endRead();
        }
    }

    @Override
    public OptionalLong count(TableInfo table, String filter) {
        try {
            return OptionalLong.of(data.count(connection, table, filter));
        } catch (SQLException e) {
            throw fail("count the rows of " + table.qualifiedName()
                    + (filter == null ? "" : " where " + filter), e, filterHint(filter));
        } finally {
            endRead();
        }
    }

    /**
     * {@code SELECT columns FROM t WHERE (filter) AND after-condition ORDER BY orderBy}. The condition is {@code k > ?}
     * for one column and {@code a >= ? AND (a, b) > (?, ?)} for several: the row comparison says exactly "after",
     * the leading range lets MySQL use the key's index too.
     */
    @Override
    public long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink) {
        if (orderBy.isEmpty()) {
            throw new IllegalArgumentException("Reading " + table.qualifiedName() + " needs columns to order by, e.g. its "
                    + "primary key.");
        }
        if (after != null && after.length != orderBy.size()) {
            throw new IllegalArgumentException("The position to read " + table.qualifiedName() + " after has "
                    + after.length + " values for the " + orderBy.size() + " order columns " + orderBy + ".");
        }
        List<ColumnInfo> keys = columnsOf(table, orderBy);
        StringBuilder sql = new StringBuilder(data.selectAll(table));
        String where = filter == null ? null : "(" + filter + ")";
        if (after != null) {
            String position = keys.size() == 1 ? data.quote(orderBy.get(0)) + " > ?"
                    : data.quote(orderBy.get(0)) + " >= ? AND (" + data.columnList(keys) + ") > ("
                            + "?, ".repeat(keys.size() - 1) + "?)";
            where = where == null ? position : where + " AND " + position;
        }
        if (where != null) {
            sql.append(" WHERE ").append(where);
        }
        sql.append(" ORDER BY ").append(data.columnList(keys));
        List<ColumnInfo> columns = table.columns();
        long rows = 0;
        try (PreparedStatement ps = data.streamingQuery(connection, sql.toString())) {
            if (after != null) {
                int index = 1;
                if (keys.size() > 1) {
                    data.bind(ps, index++, after[0], keys.get(0));
                }
                for (int j = 0; j < keys.size(); j++) {
                    data.bind(ps, index++, after[j], keys.get(j));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deliver(sink, data.readRow(rs, columns));
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw fail("read " + table.qualifiedName() + " (after " + rows + " rows)", e,
                    filterHint(filter));
        } finally {
            endRead();
        }
    }

    /** PostgreSQL's {@code "postgresql-copy-text"}; empty on MySQL and MariaDB. */
    @Override
    public Optional<NativeReader> nativeReader() {
        String format = data.nativeFormat();
        return format == null ? Optional.empty() : Optional.of(new Native(format));
    }

    /** Native batches on this session's connection. */
    private final class Native implements NativeReader {

        private final String format;

        Native(String format) {
            this.format = format;
        }

        @Override
        public String format() {
            return format;
        }

        /**
         * PostgreSQL: a batch as {@code COPY}'s text, for a single-column integer, uuid or text key (see
         * {@code PostgresData.readNative}); empty for any other key or a column the table does not have. Like
         * {@link JdbcDataReadSession#read}, each call is a short read of its own: no snapshot is held between batches.
         */
        @Override
        public Optional<NativeBatch> read(TableInfo table, List<String> columns, List<String> orderBy, Object[] after,
                int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("A native batch of " + table.qualifiedName() + " holds at least 1 row, "
                        + "not " + limit + ".");
            }
            if (orderBy.size() != 1 || after != null && after.length != 1) {
                return Optional.empty();
            }
            List<ColumnInfo> read = new ArrayList<>(columns.size());
            for (String name : columns) {
                ColumnInfo c = column(table, name);
                if (c == null) {
                    return Optional.empty();
                }
                read.add(c);
            }
            ColumnInfo key = column(table, orderBy.get(0));
            if (key == null) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(data.readNative(connection, table, read, key, after == null ? null : after[0],
                        limit));
            } catch (SQLException e) {
                throw fail("read a batch of " + table.qualifiedName() + (after == null ? " from the start" : " after "
                        + orderBy.get(0) + " " + after[0]), e, filterHint(null));
            } finally {
                endRead();
            }
        }
    }

    /** PostgreSQL 14 and later: see {@code PostgresChecksum}; empty on MySQL and MariaDB and older servers. */
    @Override
    public Optional<TableChecksums> checksums() {
        String function;
        try {
            function = data.checksumFunction(connection);
        } catch (SQLException e) {
            throw fail("ask which checksums the server computes", e, filterHint(null));
        }
        return function == null ? Optional.empty() : Optional.of(new Checksums(function));
    }

    /** Checksums the server computes, on this session's connection. */
    private final class Checksums implements TableChecksums {

        private final String function;

        Checksums(String function) {
            this.function = function;
        }

        @Override
        public String function() {
            return function;
        }

        /** One statement, in a read transaction of its own (ended when it returns); empty for a column the table lacks. */
        @Override
        public Optional<Checksum> checksum(TableInfo table, List<String> columns) {
            List<ColumnInfo> read = new ArrayList<>(columns.size());
            for (String name : columns) {
                ColumnInfo c = column(table, name);
                if (c == null) {
                    return Optional.empty();
                }
                read.add(c);
            }
            try {
                return Optional.ofNullable(data.checksum(connection, table, read));
            } catch (SQLException e) {
                throw fail("compute the content checksum of " + table.qualifiedName(), e, filterHint(null));
            } finally {
                endRead();
            }
        }
    }

    private static ColumnInfo column(TableInfo table, String name) {
        for (ColumnInfo c : table.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Both vendors read queries, on this session's connection. */
    @Override
    public Optional<QueryReader> queries() {
        return Optional.of(new Queries());
    }

    /** Query results on this session's connection. */
    private final class Queries implements QueryReader {

        /** The query's columns; its {@link TableInfo} has no schema, the name {@code query} and no primary key. */
        @Override
        public TableInfo describe(String query) {
            try (Statement s = connection.createStatement()) {
                s.setMaxRows(1);
                try (ResultSet rs = s.executeQuery(query)) {
                    return new TableInfo(null, "query", columnsOf(rs.getMetaData()), List.of());
                }
            } catch (SQLException e) {
                throw fail("describe the query " + shorten(query), e, QUERY_HINT);
            } finally {
                endRead();
            }
        }

        /**
         * Skips on the server with {@code OFFSET} when the query can be wrapped in a subquery that keeps its order
         * (PostgreSQL, one SELECT), otherwise reads and drops the first rows on the client.
         */
        @Override
        public long read(String query, long skip, RowSink sink) {
            String sql = skip > 0 ? data.skipOnServer(query, skip) : query;
            long toSkip = 0;
            if (sql == null) {
                sql = query;
                toSkip = skip;
            }
            long rows = 0;
            try (Statement s = data.streamingStatement(connection); ResultSet rs = s.executeQuery(sql)) {
                List<ColumnInfo> columns = columnsOf(rs.getMetaData());
                while (rs.next()) {
                    if (toSkip > 0) {
                        toSkip--;
                        continue;
                    }
                    deliver(sink, data.readRow(rs, columns));
                    rows++;
                }
                return rows;
            } catch (SQLException e) {
                throw fail("read the query " + shorten(query) + " (after " + rows + " rows)", e,
                        QUERY_HINT);
            } finally {
                endRead();
            }
        }
    }

    private DatabaseException fail(String action, SQLException e, String hint) {
        return JdbcWriteFailures.failed(backend, action, JdbcWriteFailures.lostConnection(connection, e), hint);
    }

    private static final String QUERY_HINT = "Check the query's SQL by running it in a SQL client on the same database.";

    private static String filterHint(String filter) {
        return filter == null ? "Check that the table exists and the connection's user may read it."
                : "Check the filter: it is SQL of this database, appended as WHERE (filter).";
    }

    private List<ColumnInfo> columnsOf(ResultSetMetaData meta) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(data.queryColumn(meta, i));
        }
        return columns;
    }

    /** The named columns; one the table does not list is bound as text the server converts. */
    private static List<ColumnInfo> columnsOf(TableInfo table, List<String> names) {
        List<ColumnInfo> out = new ArrayList<>(names.size());
        for (String name : names) {
            ColumnInfo found = null;
            for (ColumnInfo c : table.columns()) {
                if (c.name().equals(name)) {
                    found = c;
                    break;
                }
            }
            out.add(found != null ? found : ColumnInfo.of(name, "unknown", ValueKind.OTHER));
        }
        return out;
    }

    /** Hands a row to the sink: its unchecked exceptions pass as they are, checked ones wrapped. */
    static void deliver(RowSink sink, Object[] row) {
        try {
            sink.accept(row);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String shorten(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 117) + "...'";
    }

    /** Ends PostgreSQL's read transaction: no snapshot is held while the engine writes a batch. */
    private void endRead() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("[{}] ending a read transaction: {}", backend.name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        endRead();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a reader connection: {}", e.getMessage());
        }
    }
}
