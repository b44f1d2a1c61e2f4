package dev.migrator.jdbc.internal.postgres;

import dev.migrator.jdbc.internal.TableData;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: REPEATABLE READ snapshots (exported for parallel readers), cursors, {@code COPY FROM STDIN}, and upserts
 * through a temporary table. One instance per session.
 */
final class PostgresData extends TableData {

    /** This session's temporary upsert tables, by target and column list. */
    private final Map<String, String> stages = new HashMap<>();

    /**
     * Escapes rather than refuses: these names come from the catalog (or are the caller's names for tables and columns
     * that exist), so a real column called {@code "order date"} must be read and written, and the doubled quote keeps
     * any name inside its identifier.
     */
    @Override
    protected String quote(String identifier) {
        return PostgresDialect.quoteIdentifier(identifier);
    }

    /**
     * Rows sampled to choose split keys: enough that ranges come out within a few percent of each other, few enough
     * that sorting them costs milliseconds.
     */
    private static final long SPLIT_SAMPLE_ROWS = 30_000;

    /**
     * Split keys from a sample of the table's pages ({@code TABLESAMPLE SYSTEM}), read in the snapshot so that they
     * bound the same rows the ranges will read; the size comes from the planner's estimate ({@code reltuples}), and a
     * table never analysed is not split (its size is unknown, and a count would read it once more).
     */
    @Override
    protected List<String> splitKeys(Connection c, TableInfo t, int parts, long minRowsPerRange) throws SQLException {
        if (t.primaryKey().size() != 1 || parts < 2) {
            return List.of();
        }
        double estimate;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                estimate = rs.next() ? rs.getDouble(1) : -1;
            }
        }
        int ranges = (int) Math.min(parts, Math.floor(estimate / Math.max(1, minRowsPerRange)));
        if (ranges < 2) {
            return List.of();
        }
        double percent = Math.min(100.0, 100.0 * SPLIT_SAMPLE_ROWS / estimate);
        StringBuilder fractions = new StringBuilder("{");
        for (int i = 1; i < ranges; i++) {
            fractions.append(i == 1 ? "" : ",").append((double) i / ranges);
        }
        fractions.append('}');
        String sql = "SELECT (percentile_disc(CAST(? AS float8[])) WITHIN GROUP (ORDER BY " + quote(t.primaryKey().get(0))
                + "))::text[] FROM " + qualified(t) + " TABLESAMPLE SYSTEM (" + percent + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, fractions.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getArray(1) == null) {
                    return List.of();
                }
                List<String> keys = new ArrayList<>();
                for (Object key : (Object[]) rs.getArray(1).getArray()) {
                    if (key != null && (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key))) {
                        keys.add((String) key);
                    }
                }
                return keys;
            }
        }
    }

    @Override
    protected String startSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET LOCAL statement_timeout = 0");
        }
        return "PostgreSQL REPEATABLE READ snapshot (one point in time for every table, as pg_dump)";
    }

    @Override
    protected String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    protected void joinSnapshot(Connection c, String snapshotId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET TRANSACTION SNAPSHOT " + PostgresDialect.stringLiteral(snapshotId));
        }
    }

    @Override
    protected List<String> tableNames(Connection c, String schema) throws SQLException {
        return PostgresCatalog.tableNames(c, schema);
    }

    @Override
    protected TableInfo describe(Connection c, String schema, String table) throws SQLException {
        return PostgresCatalog.describe(c, schema, table);
    }

    @Override
    protected Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException {
        return PostgresCatalog.foreignKeys(c, tables);
    }

    @Override
    protected int streamingFetchSize() {
        return 5_000; // a server-side cursor: memory stays flat (needs autocommit off)
    }

    @Override
    protected Object read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
        return switch (column.kind()) {
            case INTEGER -> readLong(rs, i);
            case FLOAT -> readDouble(rs, i);
            case BOOLEAN -> readBoolean(rs, i);
            default -> PostgresValues.read(rs, i, column);
        };
    }

    @Override
    protected void beginLoad(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET CONSTRAINTS ALL DEFERRED");
            s.execute("SET LOCAL statement_timeout = 0");
        }
    }

    @Override
    protected void truncate(Connection c, List<TableInfo> tables) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("TRUNCATE TABLE ");
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(qualified(tables.get(i)));
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString()); // no CASCADE: tables outside the restore are never emptied
        }
    }

    /** {@code COPY ... FROM STDIN}, the rows written straight into COPY's text bytes (see {@link #copyIn}). */
    @Override
    protected long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException {
        List<String> names = table.columns().stream().map(ColumnInfo::name).toList();
        return copyIn(c, copyFromStdin(table, names), table.columns(), rows);
    }

    private String copyFromStdin(TableInfo table, List<String> columns) {
        StringBuilder sql = new StringBuilder("COPY ").append(qualified(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return sql.append(") FROM STDIN").toString();
    }

    /** COPY's text format, as {@code COPY ... TO STDOUT} writes it and {@code COPY ... FROM STDIN} reads it. */
    static final String NATIVE_FORMAT = "postgresql-copy-text";

    /** This session's {@code standard_conforming_strings}, once asked. */
    private Boolean standardStrings;

    @Override
    protected String nativeFormat() {
        return NATIVE_FORMAT;
    }

    /**
     * Two statements: the batch's last key first, with a bound parameter and the key's index
     * ({@code SELECT k FROM (SELECT k FROM t WHERE k > ? ORDER BY k LIMIT n) s ORDER BY k DESC LIMIT 1}: the n-th key, or
     * the table's last one), then {@code COPY (SELECT columns FROM t WHERE k > A AND k <= B ORDER BY k) TO STDOUT}. COPY
     * binds no parameters, so A and B are written as literals, which is safe only for integer, uuid and text keys (text
     * with {@code standard_conforming_strings} on, where a backslash is an ordinary character); any other key, or a key
     * of several columns, is not read natively. Rows inserted between the statements inside (A, B] are copied too:
     * the batch counts what COPY wrote, and no row after B is ever taken.
     */
    @Override
    protected dev.migrator.spi.NativeBatch readNative(Connection c, TableInfo table, List<ColumnInfo> columns, ColumnInfo key,
            Object after, int limit) throws SQLException {
        ValueKind kind = key.kind();
        if (kind != ValueKind.INTEGER && kind != ValueKind.UUID && kind != ValueKind.STRING) {
            return null;
        }
        if (kind == ValueKind.STRING && !standardConformingStrings(c)) {
            return null;
        }
        String lower = after == null ? null : PostgresCopyText.literal(after, kind);
        if (after != null && lower == null) {
            return null;
        }
        String k = quote(key.name());
        String bound = "SELECT " + k + " FROM (SELECT " + k + " FROM " + qualified(table) + (after == null ? ""
                : " WHERE " + k + " > ?") + " ORDER BY " + k + " LIMIT " + limit + ") AS migrator_batch ORDER BY " + k
                + " DESC LIMIT 1";
        Object last;
        try (PreparedStatement ps = c.prepareStatement(bound)) {
            if (after != null) {
                bind(ps, 1, after, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                last = rs.next() ? read(rs, 1, key) : null;
            }
        }
        if (last == null) {
            return dev.migrator.spi.NativeBatch.end();
        }
        String upper = PostgresCopyText.literal(last, kind);
        if (upper == null) {
            return null;
        }
        StringBuilder sql = new StringBuilder("COPY (SELECT ").append(columnList(columns)).append(" FROM ")
                .append(qualified(table)).append(" WHERE ");
        if (lower != null) {
            sql.append(k).append(" > ").append(lower).append(" AND ");
        }
        sql.append(k).append(" <= ").append(upper).append(" ORDER BY ").append(k).append(") TO STDOUT");
        PostgresCopy.Copied copied = PostgresCopy.copyOut(c, sql.toString(), limit * 64);
        return new dev.migrator.spi.NativeBatch(copied.bytes(), Math.toIntExact(copied.rows()), new Object[] {last});
    }

    private boolean standardConformingStrings(Connection c) throws SQLException {
        if (standardStrings == null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW standard_conforming_strings")) {
                standardStrings = rs.next() && "on".equalsIgnoreCase(rs.getString(1));
            }
        }
        return standardStrings;
    }

    /** {@code COPY t (columns) FROM STDIN} with the bytes as they are. */
    @Override
    protected void writeNative(Connection c, TableInfo table, List<String> columns, byte[] data) throws SQLException {
        PostgresCopy.copyBytes(c, copyFromStdin(table, columns), data);
    }

    /** {@link PostgresChecksum#FUNCTION} on PostgreSQL 14 and later. */
    @Override
    protected String checksumFunction(Connection c) throws SQLException {
        return PostgresChecksum.function(c);
    }

    /** See {@link PostgresChecksum}. */
    @Override
    protected dev.migrator.spi.TableChecksums.Checksum checksum(Connection c, TableInfo table, List<ColumnInfo> columns)
            throws SQLException {
        return PostgresChecksum.of(c, qualified(table), columns);
    }

    @Override
    protected boolean streamsInTransaction() {
        return true;
    }

    @Override
    protected int nullType() {
        return Types.OTHER; // untyped: the server takes the type from where the parameter stands
    }

    @Override
    protected void bindOther(PreparedStatement ps, int i, Object v, ColumnInfo column) throws SQLException {
        switch (column.kind()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID -> ps.setObject(i, v);
            case ARRAY -> ps.setObject(i, PostgresCopyText.arrayLiteral((List<?>) v, column.elementKind()), Types.OTHER);
            // Untyped: the server reads the text as the column's type (text, varchar, an enum, jsonb, inet...).
            default -> ps.setObject(i, v.toString(), Types.OTHER);
        }
    }

    @Override
    protected ColumnInfo queryColumn(ResultSetMetaData meta, int i) throws SQLException {
        String name = meta.getColumnLabel(i);
        String type = meta.getColumnTypeName(i);
        if (type.startsWith("_")) { // the driver names an array type by its element's type with a leading '_'
            String element = type.substring(1);
            return new ColumnInfo(name, element + "[]", ValueKind.ARRAY, PostgresCatalog.kindOf(element, null));
        }
        return ColumnInfo.of(name, type, PostgresCatalog.kindOf(type, null));
    }

    /** Wraps the query as {@code SELECT * FROM (query) OFFSET n}: PostgreSQL keeps a subquery's order there. */
    @Override
    protected String skipOnServer(String query, long skip) {
        return PostgresCopyText.offsetQuery(query, skip);
    }

    /**
     * One typed array parameter per key column: {@code k = ANY (CAST(? AS integer[]))}, or for a composite key
     * {@code (a, b) IN (SELECT * FROM unnest(CAST(? AS integer[]), CAST(? AS text[])))}. The statement has as many
     * parameters as the key has columns however many tuples it holds, and uses the key's index.
     */
    @Override
    protected String keysCondition(List<ColumnInfo> keys, int count) {
        for (ColumnInfo k : keys) {
            if (k.kind() == ValueKind.ARRAY) {
                throw new IllegalArgumentException("Key column " + k.name() + " is an array (" + k.type()
                        + "); use a key of scalar columns.");
            }
        }
        if (keys.size() == 1) {
            return quote(keys.get(0).name()) + " = ANY (CAST(? AS " + keys.get(0).type() + "[]))";
        }
        StringBuilder sql = new StringBuilder("(").append(columnList(keys)).append(") IN (SELECT * FROM unnest(");
        for (int j = 0; j < keys.size(); j++) {
            sql.append(j == 0 ? "" : ", ").append("CAST(? AS ").append(keys.get(j).type()).append("[])");
        }
        return sql.append("))").toString();
    }

    @Override
    protected void bindKeys(PreparedStatement ps, List<ColumnInfo> keys, List<Object[]> tuples) throws SQLException {
        List<Object> values = new ArrayList<>(tuples.size());
        for (int j = 0; j < keys.size(); j++) {
            values.clear();
            for (Object[] tuple : tuples) {
                values.add(tuple[j]);
            }
            ps.setObject(j + 1, PostgresCopyText.arrayLiteral(values, keys.get(j).kind()), Types.OTHER);
        }
    }

    /**
     * COPY into a temporary table of the carried columns (one per target and column list, emptied per batch), then
     * {@code INSERT ... SELECT ... ON CONFLICT (keys) DO UPDATE}: the bulk path end to end, no statement per row. The
     * temporary table has the columns' types and none of the target's constraints, so a column the rows do not carry
     * may be NOT NULL. Outside a batch's transaction the steps run in one of their own.
     */
    @Override
    protected void upsert(Connection c, TableInfo table, List<String> keys, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        staged(c, table, keys, rows, (s, insert) -> {
            s.executeUpdate(insert);
            return 0L;
        });
    }

    /** PostgreSQL says which rows an upsert inserted: see {@link #countedUpsert}. */
    @Override
    protected boolean countsUpserts() {
        return true;
    }

    /**
     * {@link #upsert} that counts the rows inserted: the statement returns {@code xmax = 0} per row, true for a row
     * inserted, false for one that replaced a row of its key (its old version's {@code xmax} is this transaction's).
     * {@code DO NOTHING} (every column is a key) returns only the rows inserted. The total is checked against the rows
     * given, so a count that cannot be trusted fails the batch instead of entering the report.
     */
    @Override
    protected long countedUpsert(Connection c, TableInfo table, List<String> keys, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        boolean updates = !nonKeyColumns(table, keys).isEmpty();
        return staged(c, table, keys, rows, (s, insert) -> {
            try (ResultSet rs = s.executeQuery("WITH migrator_upserted AS (" + insert + " RETURNING (xmax = 0) AS inserted) "
                    + "SELECT count(*) FILTER (WHERE inserted), count(*) FROM migrator_upserted")) {
                rs.next();
                long inserted = rs.getLong(1);
                long returned = rs.getLong(2);
                if (updates ? returned != rows.size() : returned != inserted) {
                    throw new SQLException("The upsert into " + table.qualifiedName() + " returned " + returned + " rows ("
                            + inserted + " inserted) for " + rows.size() + " rows given; the keys " + keys + " may repeat "
                            + "within the batch.", "XX000");
                }
                return inserted;
            }
        });
    }

    /** The step after the rows are in the temporary table: the upsert statement, run. */
    private interface StagedStep {
        long run(Statement s, String insert) throws SQLException;
    }

    private long staged(Connection c, TableInfo table, List<String> keys, List<Object[]> rows, StagedStep step)
            throws SQLException {
        String columns = columnList(table.columns());
        String stage = stages.computeIfAbsent(table.qualifiedName() + " " + columns, k -> "migrator_stage_" + (stages.size() + 1));
        String insert = "INSERT INTO " + qualified(table) + " (" + columns + ") SELECT " + columns + " FROM pg_temp."
                + quote(stage) + upsertClause(quoted(keys), quoted(nonKeyColumns(table, keys)));

        boolean own = c.getAutoCommit();
        if (own) {
            c.setAutoCommit(false);
        }
        try {
            try (Statement s = c.createStatement()) {
                // IF NOT EXISTS: a rollback drops a temporary table created in its transaction.
                s.execute("CREATE TEMP TABLE IF NOT EXISTS " + quote(stage) + " AS SELECT " + columns + " FROM "
                        + qualified(table) + " WITH NO DATA");
                s.execute("TRUNCATE pg_temp." + quote(stage));
            }
            copyIn(c, copyFromStdin(new TableInfo("pg_temp", stage, table.columns(), List.of()),
                    table.columns().stream().map(ColumnInfo::name).toList()), table.columns(), rows.iterator());
            long result;
            try (Statement s = c.createStatement()) {
                result = step.run(s, insert);
            }
            if (own) {
                c.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (own) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            if (own) {
                c.setAutoCommit(true);
            }
        }
    }

    /** This session's buffer of COPY text, kept between batches (it grows to about one row chunk). */
    private final PostgresCopyText.RowBytes copyText = new PostgresCopyText.RowBytes();

    /**
     * {@code COPY ... FROM STDIN} with the rows encoded straight into bytes, sent in chunks of about 256 KiB; returns
     * the row count.
     */
    private long copyIn(Connection c, String sql, List<ColumnInfo> columns, Iterator<Object[]> rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        PostgresCopyText.RowBytes out = copyText;
        out.clear();
        long count = 0;
        try {
            while (rows.hasNext()) {
                out.row(rows.next(), columns);
                count++;
                if (out.length() >= 1 << 18) {
                    copy.writeToCopy(out.bytes(), 0, out.length());
                    out.clear();
                }
            }
            if (out.length() > 0) {
                copy.writeToCopy(out.bytes(), 0, out.length());
                out.clear();
            }
            copy.endCopy();
            return count;
        } catch (SQLException | RuntimeException e) {
            out.clear();
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    @Override
    protected String foreignKeysSql() {
        return PostgresCatalog.foreignKeysSql();
    }

    @Override
    protected String checkpointDdl(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (name varchar(100) PRIMARY KEY, state text, "
                + "updated_at timestamp)";
    }

    @Override
    protected String utcNow() {
        return "now() AT TIME ZONE 'UTC'";
    }

    @Override
    protected String upsertClause(List<String> keys, List<String> updated) {
        return PostgresDialect.upsertClause(keys, updated);
    }

    @Override
    protected void resetSequences(Connection c, TableInfo table) throws SQLException {
        for (ColumnInfo col : table.columns()) {
            if (col.kind() != ValueKind.INTEGER) {
                continue;
            }
            String sequence;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                ps.setString(1, qualified(table));
                ps.setString(2, col.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            if (sequence == null) {
                continue;
            }
            String c1 = quote(col.name());
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(?, GREATEST(COALESCE(MAX(" + c1 + "), 1), 1), "
                    + "MAX(" + c1 + ") IS NOT NULL) FROM " + qualified(table))) {
                ps.setString(1, sequence);
                ps.execute();
            }
        }
    }

    @Override
    protected void endLoad(Connection c) throws SQLException {
        c.setAutoCommit(true);
    }
}
