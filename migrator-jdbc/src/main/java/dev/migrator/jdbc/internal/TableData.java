package dev.migrator.jdbc.internal;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.KeyRange;
import dev.migrator.spi.TableInfo;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a dialect knows about tables and their rows, for backups, restores and data migrations: the catalog (tables,
 * columns and their kinds, primary and foreign keys), reading and binding a value of each kind, the bulk load path, and
 * upserts. Internal: not an API, it may change in any release. Public and abstract only so that each vendor's package
 * can extend it; what the vendors implement or use is {@code protected}, everything else package-private.
 */
public abstract class TableData {

    /** For the vendors' subclasses only. */
    protected TableData() {}

    /** Starts a consistent read-only snapshot on a connection that is not in autocommit mode. */
    protected abstract String startSnapshot(Connection c) throws SQLException;

    /** Exports the snapshot for {@link #joinSnapshot}, or {@code null} when the database cannot share one. */
    protected abstract String exportSnapshot(Connection c) throws SQLException;

    /** Starts a read-only transaction on an exported snapshot. */
    protected abstract void joinSnapshot(Connection c, String snapshotId) throws SQLException;

    /** Every base table of a schema, by name. */
    protected abstract List<String> tableNames(Connection c, String schema) throws SQLException;

    /** A table with its columns, or {@code null} when it does not exist. */
    protected abstract TableInfo describe(Connection c, String schema, String table) throws SQLException;

    /** {@link #describe} for a session: a failure is a {@link dev.migrator.api.DatabaseException} naming the table. */
    TableInfo describe(JdbcBackend backend, Connection c, String schema, String table) {
        try {
            return describe(c, schema, table);
        } catch (SQLException e) {
            throw JdbcSnapshotSession.failed(backend, "describe " + schema + "." + table, e);
        }
    }

    /** Foreign keys among the tables: child qualified name to the parents' qualified names. */
    protected abstract Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException;

    /** Reads column {@code index} (1-based) of the current row as the column's kind's Java type. */
    protected abstract Object read(ResultSet rs, int index, ColumnInfo column) throws SQLException;

    /** The fetch size that makes the driver stream: a cursor (PostgreSQL, with autocommit off) or row by row. */
    protected abstract int streamingFetchSize();

    /** A statement that streams a whole table. */
    Statement streamingStatement(Connection c) throws SQLException {
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(streamingFetchSize());
        return s;
    }

    /** A prepared query that streams its rows. */
    PreparedStatement streamingQuery(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(streamingFetchSize());
        return ps;
    }

    /** Reads the current row, one value per column. */
    Object[] readRow(ResultSet rs, List<ColumnInfo> columns) throws SQLException {
        int n = columns.size();
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            row[i] = read(rs, i + 1, columns.get(i));
        }
        return row;
    }

    /** Prepares a connection for a load: transaction, foreign keys. */
    protected abstract void beginLoad(Connection c) throws SQLException;

    /** Empties the tables inside the load's transaction. */
    protected abstract void truncate(Connection c, List<TableInfo> tables) throws SQLException;

    /** Loads rows through the bulk path. */
    protected abstract long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException;

    /** Moves sequences past the largest key. */
    protected abstract void resetSequences(Connection c, TableInfo table) throws SQLException;

    /** Restores what {@link #beginLoad} changed, after commit or rollback. */
    protected abstract void endLoad(Connection c) throws SQLException;

    // ------------------------------------------------------------------ data migrations

    /** Prepares a data migration session's own connection (MySQL: UTC, as for backups). */
    protected void prepareSession(Connection c) throws SQLException {}

    /** The native bulk format of {@link #readNative} and {@link #writeNative}, or {@code null} when there is none. */
    protected String nativeFormat() {
        return null;
    }

    /**
     * The next batch of at most {@code limit} rows after {@code after} in {@link #nativeFormat()}, ordered by the
     * single-column key {@code key}; {@code null} when this key cannot be read natively.
     */
    protected dev.migrator.spi.NativeBatch readNative(Connection c, TableInfo table, List<ColumnInfo> columns, ColumnInfo key,
            Object after, int limit) throws SQLException {
        return null;
    }

    /** Inserts rows given in {@link #nativeFormat()} into the named columns, in the connection's transaction. */
    protected void writeNative(Connection c, TableInfo table, List<String> columns, byte[] data) throws SQLException {
        throw new UnsupportedOperationException("This database has no native bulk format; write records with insert.");
    }

    /**
     * The name of the content checksum the database computes over a table's rows itself (see
     * {@link dev.migrator.spi.TableChecksums}), or {@code null} when it computes none on this connection's server.
     */
    protected String checksumFunction(Connection c) throws SQLException {
        return null;
    }

    /**
     * The row count and content checksum of {@link #checksumFunction} over the columns, in this order, computed by the
     * database; {@code null} when these columns cannot be checksummed so.
     */
    protected dev.migrator.spi.TableChecksums.Checksum checksum(Connection c, TableInfo table, List<ColumnInfo> columns)
            throws SQLException {
        return null;
    }

    /** Whether streaming reads need autocommit off (a PostgreSQL cursor lives in a transaction). */
    protected abstract boolean streamsInTransaction();

    /** Binds a value of a column's kind as a statement parameter: numbers, booleans and bytes here, the rest by dialect. */
    protected void bind(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        if (value == null) {
            ps.setNull(index, nullType());
            return;
        }
        switch (column.kind()) {
            case INTEGER -> ps.setLong(index, ((Number) value).longValue());
            case FLOAT -> ps.setDouble(index, ((Number) value).doubleValue());
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case BINARY -> ps.setBytes(index, (byte[]) value);
            default -> bindOther(ps, index, value, column);
        }
    }

    /** The JDBC type of a null parameter. */
    protected abstract int nullType();

    /** Binds a value that is not null, a number, a boolean or bytes. */
    protected abstract void bindOther(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException;

    /** A query result's column (1-based), with the kind its values are read as. */
    protected abstract ColumnInfo queryColumn(ResultSetMetaData meta, int index) throws SQLException;

    /**
     * The query with its first {@code skip} rows left out by the server, or {@code null} when they must be skipped on
     * the client (the query cannot be wrapped safely, or the server would not keep its order in a subquery).
     */
    protected abstract String skipOnServer(String query, long skip);

    /** The most key tuples one {@link #keysCondition} may hold. */
    int maxKeysPerQuery(int keyColumns) {
        return 10_000;
    }

    /** A condition selecting the rows whose key is among {@code count} tuples; {@link #bindKeys} binds them. */
    protected abstract String keysCondition(List<ColumnInfo> keys, int count);

    /** Binds the tuples of {@link #keysCondition} from parameter 1. */
    protected abstract void bindKeys(PreparedStatement ps, List<ColumnInfo> keys, List<Object[]> tuples) throws SQLException;

    /** Inserts rows, or replaces the given non-key columns of rows whose key exists. */
    protected abstract void upsert(Connection c, TableInfo table, List<String> keys, List<Object[]> rows) throws SQLException;

    /** Whether {@link #countedUpsert} can say exactly how many rows an upsert inserted. */
    protected boolean countsUpserts() {
        return false;
    }

    /** {@link #upsert} returning how many rows it inserted; only where {@link #countsUpserts()}. */
    protected long countedUpsert(Connection c, TableInfo table, List<String> keys, List<Object[]> rows) throws SQLException {
        throw new UnsupportedOperationException("This database cannot count the rows an upsert inserted.");
    }

    /**
     * The catalog query of a table's foreign keys: parameters schema and table; columns constraint name, column, parent
     * schema, parent table, parent column; ordered by constraint and position.
     */
    protected abstract String foreignKeysSql();

    /** The foreign keys a table holds (it is the child). */
    List<ForeignKey> foreignKeysOf(Connection c, TableInfo table) throws SQLException {
        Map<String, List<String[]>> byName = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(foreignKeysSql())) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byName.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        byName.forEach((name, rows) -> {
            List<String> columns = new ArrayList<>();
            List<String> parentColumns = new ArrayList<>();
            for (String[] r : rows) {
                columns.add(r[0]);
                parentColumns.add(r[3]);
            }
            out.add(new ForeignKey(name, columns, rows.get(0)[1], rows.get(0)[2], parentColumns));
        });
        return out;
    }

    /** {@code CREATE TABLE IF NOT EXISTS} of the checkpoint table. */
    protected abstract String checkpointDdl(String qualifiedTable);

    /** Stores one checkpoint: parameters name and state. */
    String checkpointUpsert(String qualifiedTable) {
        return "INSERT INTO " + qualifiedTable + " (name, state, updated_at) VALUES (?, ?, " + utcNow() + ")"
                + upsertClause(List.of("name"), List.of("state", "updated_at"));
    }

    /** The current time in UTC as the checkpoint table's {@code updated_at} stores it. */
    protected abstract String utcNow();

    /**
     * The vendor's clause after an INSERT's values that updates {@code updated} when a row with the keys exists, names
     * as given (quoted where they need it).
     */
    protected abstract String upsertClause(List<String> keys, List<String> updated);

    /**
     * A foreign key.
     *
     * @param name the constraint's name
     * @param columns the child's columns
     * @param parentSchema the referenced table's schema
     * @param parentTable the referenced table
     * @param parentColumns the referenced columns, in the order of {@code columns}
     */
    record ForeignKey(String name, List<String> columns, String parentSchema, String parentTable,
            List<String> parentColumns) {}

    /**
     * The columns an upsert updates on an existing row: not the keys it matched by, and not the primary key's columns
     * either — a row keeps the identity that other rows and the application refer to (a record's freshly generated id
     * is written on insert only), as MongoDB keeps {@code _id}.
     */
    protected static List<String> nonKeyColumns(TableInfo table, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (ColumnInfo c : table.columns()) {
            if (!keys.contains(c.name()) && !table.primaryKey().contains(c.name())) {
                out.add(c.name());
            }
        }
        return out;
    }

    /**
     * The vendor's one identifier-quoting rule, escaping rather than refusing: the names here are those of tables and
     * columns found in the catalog, whatever characters they hold.
     */
    protected abstract String quote(String identifier);

    /** An integer column's value, {@code null} for SQL NULL (where {@code getLong} gives 0). */
    protected static Long readLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
    }

    /** A floating-point column's value, {@code null} for SQL NULL. */
    protected static Double readDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
    }

    /** A boolean column's value, {@code null} for SQL NULL (where {@code getBoolean} gives false). */
    protected static Boolean readBoolean(ResultSet rs, int index) throws SQLException {
        boolean v = rs.getBoolean(index);
        return rs.wasNull() ? null : v;
    }

    /** The names, each quoted. */
    protected List<String> quoted(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(quote(name));
        }
        return out;
    }

    /** A column list: {@code "a", "b"}. */
    protected String columnList(List<ColumnInfo> columns) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        }
        return sql.toString();
    }

    /** The rows meeting a condition ({@code null}: all). */
    long count(Connection c, TableInfo t, String filter) throws SQLException {
        String sql = "SELECT count(*) FROM " + qualified(t) + (filter == null ? "" : " WHERE (" + filter + ")");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected String qualified(TableInfo t) {
        return quote(t.schema()) + "." + quote(t.name());
    }

    String selectAll(TableInfo t) {
        return "SELECT " + columnList(t.columns()) + " FROM " + qualified(t);
    }

    /**
     * Up to {@code parts - 1} keys that split a table of one primary-key column into ranges of about equal size, as
     * the database writes them as text, ascending and distinct; empty when the table cannot or need not be split.
     * None by default: only a database whose readers share a snapshot gains from reading one table side by side.
     */
    protected List<String> splitKeys(Connection c, TableInfo t, int parts, long minRowsPerRange) throws SQLException {
        return List.of();
    }

    /** The rows of one key range, {@code [from, to)}: bound by {@link #bindRange}. */
    String selectRange(TableInfo t, KeyRange range) {
        ColumnInfo key = t.columns().stream().filter(col -> col.name().equals(t.primaryKey().get(0))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column " + t.primaryKey().get(0) + " in " + t.qualifiedName()));
        StringBuilder sql = new StringBuilder(selectAll(t));
        String k = quote(key.name());
        String separator = " WHERE ";
        if (range.from().isPresent()) {
            sql.append(separator).append(k).append(" >= CAST(? AS ").append(key.type()).append(')');
            separator = " AND ";
        }
        if (range.to().isPresent()) {
            sql.append(separator).append(k).append(" < CAST(? AS ").append(key.type()).append(')');
        }
        return sql.toString();
    }

    static void bindRange(PreparedStatement ps, KeyRange range) throws SQLException {
        int i = 1;
        if (range.from().isPresent()) {
            ps.setString(i++, range.from().get());
        }
        if (range.to().isPresent()) {
            ps.setString(i, range.to().get());
        }
    }

    /** Parents before children; tables in a cycle keep their given order. */
    static List<TableInfo> parentsFirst(List<TableInfo> tables, Map<String, Set<String>> parentsOf) {
        Map<String, TableInfo> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.qualifiedName(), t));
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (TableInfo t : tables) {
            int n = 0;
            for (String p : parentsOf.getOrDefault(t.qualifiedName(), Set.of())) {
                if (byName.containsKey(p) && !p.equals(t.qualifiedName())) {
                    n++;
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(t.qualifiedName());
                }
            }
            pending.put(t.qualifiedName(), n);
        }
        Deque<String> ready = new ArrayDeque<>();
        for (TableInfo t : tables) {
            if (pending.get(t.qualifiedName()) == 0) {
                ready.add(t.qualifiedName());
            }
        }
        List<TableInfo> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            out.add(byName.get(name));
            done.add(name);
            for (String child : children.getOrDefault(name, List.of())) {
                if (pending.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        for (TableInfo t : tables) {
            if (!done.contains(t.qualifiedName())) {
                out.add(t); // a cycle: deferred constraints (PostgreSQL) or disabled checks (MySQL) carry it
            }
        }
        return out;
    }
}
