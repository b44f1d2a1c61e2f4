package dev.migrator.jdbc.internal.postgres;

import dev.migrator.jdbc.internal.TableData;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshotId.replace("'", "''") + "'");
        }
    }

    @Override
    protected List<String> tableNames(Connection c, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    protected TableInfo describe(Connection c, String schema, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname, "
                + "t.typcategory, et.typname, et.typcategory FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
                + "LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' "
                + "WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
                + "AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String type = rs.getString(2);
                    ValueKind kind = kindOf(rs.getString(3), rs.getString(4));
                    if (kind == ValueKind.ARRAY) {
                        ValueKind element = kindOf(rs.getString(5), rs.getString(6));
                        columns.add(element == ValueKind.ARRAY ? ColumnInfo.of(name, type, ValueKind.OTHER)
                                : new ColumnInfo(name, type, ValueKind.ARRAY, element));
                    } else {
                        columns.add(ColumnInfo.of(name, type, kind));
                    }
                }
            }
        }
        if (columns.isEmpty() && !exists(c, schema, table)) {
            return null;
        }
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                + "ON true JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
                + "WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        return new TableInfo(schema, table, columns, pk);
    }

    private boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static ValueKind kindOf(String typname, String category) {
        if (typname == null) {
            return ValueKind.OTHER;
        }
        if ("A".equals(category)) {
            return ValueKind.ARRAY;
        }
        if ("E".equals(category)) {
            return ValueKind.STRING;
        }
        return switch (typname) {
            case "int2", "int4", "int8" -> ValueKind.INTEGER;
            case "numeric" -> ValueKind.DECIMAL;
            case "float4", "float8" -> ValueKind.FLOAT;
            case "bool" -> ValueKind.BOOLEAN;
            case "bytea" -> ValueKind.BINARY;
            case "date" -> ValueKind.DATE;
            case "time" -> ValueKind.TIME;
            case "timestamp" -> ValueKind.TIMESTAMP;
            case "timestamptz" -> ValueKind.TIMESTAMP_TZ;
            case "uuid" -> ValueKind.UUID;
            case "json", "jsonb" -> ValueKind.JSON;
            case "text", "varchar", "bpchar", "name", "char", "citext" -> ValueKind.STRING;
            default -> ValueKind.OTHER;
        };
    }

    @Override
    protected Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        Set<String> schemas = new HashSet<>();
        tables.forEach(t -> schemas.add(t.schema()));
        try (PreparedStatement ps = c.prepareStatement("SELECT cn.nspname || '.' || cc.relname, pn.nspname || '.' || pc.relname "
                + "FROM pg_constraint k JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace "
                + "JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
                + "WHERE k.contype = 'f' AND cn.nspname = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parents.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return parents;
    }

    @Override
    protected int streamingFetchSize() {
        return 5_000; // a server-side cursor: memory stays flat (needs autocommit off)
    }

    @Override
    protected Object read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
        return switch (column.kind()) {
            case INTEGER -> {
                long v = rs.getLong(i);
                yield rs.wasNull() ? null : v;
            }
            case FLOAT -> {
                double v = rs.getDouble(i);
                yield rs.wasNull() ? null : v;
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                yield rs.wasNull() ? null : v;
            }
            case DECIMAL -> rs.getBigDecimal(i);
            case BINARY -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                yield v == null ? null : v.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case UUID -> rs.getObject(i, UUID.class);
            case ARRAY -> {
                Array a = rs.getArray(i);
                if (a == null) {
                    yield null;
                }
                try {
                    Object[] values = (Object[]) a.getArray();
                    List<Object> list = new ArrayList<>(values.length);
                    for (Object v : values) {
                        list.add(element(v, column.elementKind()));
                    }
                    yield list;
                } finally {
                    a.free();
                }
            }
            case STRING, JSON, OTHER, DOCUMENT -> rs.getString(i);
        };
    }

    private static Object element(Object v, ValueKind kind) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> ((Number) v).longValue();
            case FLOAT -> ((Number) v).doubleValue();
            case DECIMAL -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
            case BOOLEAN -> (Boolean) v;
            case BINARY -> (byte[]) v;
            case DATE -> v instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(v.toString());
            case TIME -> v instanceof java.sql.Time t ? t.toLocalTime() : LocalTime.parse(v.toString());
            case TIMESTAMP -> v instanceof java.sql.Timestamp t ? t.toLocalDateTime() : LocalDateTime.parse(v.toString());
            case TIMESTAMP_TZ -> v instanceof java.sql.Timestamp t ? t.toInstant().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(v.toString());
            case UUID -> v instanceof UUID u ? u : UUID.fromString(v.toString());
            default -> v.toString();
        };
    }

    // ------------------------------------------------------------------ load

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

    @Override
    protected long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("COPY ").append(qualified(table)).append(" (");
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
        }
        sql.append(") FROM STDIN");
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
        long count = 0;
        StringBuilder line = new StringBuilder(256);
        byte[] buffer = new byte[1 << 16];
        int filled = 0;
        try {
            List<ColumnInfo> columns = table.columns();
            while (rows.hasNext()) {
                Object[] row = rows.next();
                line.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    copyValue(line, row[i], columns.get(i).kind(), columns.get(i).elementKind());
                }
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                if (filled + bytes.length > buffer.length) {
                    copy.writeToCopy(buffer, 0, filled);
                    filled = 0;
                }
                if (bytes.length > buffer.length) {
                    copy.writeToCopy(bytes, 0, bytes.length);
                } else {
                    System.arraycopy(bytes, 0, buffer, filled, bytes.length);
                    filled += bytes.length;
                }
                count++;
            }
            if (filled > 0) {
                copy.writeToCopy(buffer, 0, filled);
            }
            copy.endCopy();
            return count;
        } catch (SQLException | RuntimeException e) {
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

    /** One value in COPY's text format. */
    private static void copyValue(StringBuilder out, Object v, ValueKind kind, ValueKind elementKind) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        switch (kind) {
            case BOOLEAN -> out.append((Boolean) v ? 't' : 'f');
            case INTEGER, FLOAT -> {
                if (v instanceof Long l) {
                    out.append(l.longValue()); // no String per value
                } else {
                    out.append(v);
                }
            }
            case DECIMAL -> out.append(((BigDecimal) v).toPlainString());
            case BINARY -> {
                byte[] b = (byte[]) v;
                out.append("\\\\x");
                for (byte x : b) {
                    out.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                }
            }
            case ARRAY -> escape(out, arrayLiteral((List<?>) v, elementKind));
            default -> escape(out, v.toString());
        }
    }

    private static String arrayLiteral(List<?> values, ValueKind kind) {
        StringBuilder a = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                a.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                a.append("NULL");
                continue;
            }
            String text = switch (kind) {
                case BOOLEAN -> (Boolean) v ? "t" : "f";
                case DECIMAL -> ((BigDecimal) v).toPlainString();
                case BINARY -> {
                    StringBuilder h = new StringBuilder("\\x");
                    for (byte x : (byte[]) v) {
                        h.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                    }
                    yield h.toString();
                }
                default -> v.toString();
            };
            a.append('"');
            for (int j = 0; j < text.length(); j++) {
                char ch = text.charAt(j);
                if (ch == '"' || ch == '\\') {
                    a.append('\\');
                }
                a.append(ch);
            }
            a.append('"');
        }
        return a.append('}').toString();
    }

    private static void escape(StringBuilder out, String s) {
        int n = s.length();
        int first = 0;
        while (first < n) {
            char ch = s.charAt(first);
            if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t') {
                break;
            }
            first++;
        }
        // Most values need no escape: one bulk append instead of a switch per character.
        out.append(s, 0, first);
        for (int i = first; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
    }

    // ------------------------------------------------------------------ data migrations

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
        String lower = after == null ? null : literal(after, kind);
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
        String upper = literal(last, kind);
        if (upper == null) {
            return null;
        }
        StringBuilder sql = new StringBuilder("COPY (SELECT ").append(columnList(columns)).append(" FROM ")
                .append(qualified(table)).append(" WHERE ");
        if (lower != null) {
            sql.append(k).append(" > ").append(lower).append(" AND ");
        }
        sql.append(k).append(" <= ").append(upper).append(" ORDER BY ").append(k).append(") TO STDOUT");
        Buffer out = new Buffer(limit * 64);
        long rows;
        try {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql.toString(), out);
        } catch (java.io.IOException e) {
            throw new SQLException("Reading the COPY output failed: " + e.getMessage(), "08006", e);
        }
        return new dev.migrator.spi.NativeBatch(out.bytes(), Math.toIntExact(rows), new Object[] {last});
    }

    /** A key value as an SQL literal of its kind, or {@code null} when it cannot be written safely. */
    static String literal(Object v, ValueKind kind) {
        switch (kind) {
            case INTEGER -> {
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                        || v instanceof java.math.BigInteger) {
                    return v.toString(); // digits and a sign only
                }
                return null;
            }
            case UUID -> {
                UUID u = v instanceof UUID x ? x : v instanceof String t ? parseUuid(t) : null;
                return u == null ? null : "'" + u + "'::uuid";
            }
            case STRING -> {
                if (!(v instanceof String t) || t.indexOf('\0') >= 0) {
                    return null;
                }
                return "'" + t.replace("'", "''") + "'";
            }
            default -> {
                return null;
            }
        }
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
        StringBuilder sql = new StringBuilder("COPY ").append(qualified(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        sql.append(") FROM STDIN");
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
        try {
            int chunk = 1 << 20;
            for (int from = 0; from < data.length; from += chunk) {
                copy.writeToCopy(data, from, Math.min(chunk, data.length - from));
            }
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
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

    /** A growable byte buffer whose bytes are handed over without the copy {@code ByteArrayOutputStream} makes. */
    private static final class Buffer extends java.io.OutputStream {
        private byte[] bytes;
        private int size;

        Buffer(int initial) {
            bytes = new byte[Math.max(1024, Math.min(initial, 1 << 24))];
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
            }
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
        }
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
            case ARRAY -> ps.setObject(i, arrayLiteral((List<?>) v, column.elementKind()), Types.OTHER);
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
            return new ColumnInfo(name, element + "[]", ValueKind.ARRAY, kindOf(element, null));
        }
        return ColumnInfo.of(name, type, kindOf(type, null));
    }

    /** Wraps the query as {@code SELECT * FROM (query) OFFSET n}: PostgreSQL keeps a subquery's order there. */
    @Override
    protected String skipOnServer(String query, long skip) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        String head = q.toLowerCase(Locale.ROOT);
        boolean select = head.startsWith("select") || head.startsWith("with") || head.startsWith("values")
                || head.startsWith("table");
        if (!select || q.indexOf(';') >= 0) {
            return null; // several statements, or a ';' inside a literal: not worth parsing, skip on the client
        }
        // The newline ends a trailing "-- comment" inside the query before the closing parenthesis.
        return "SELECT * FROM (" + q + "\n) AS migrator_query OFFSET " + skip;
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
            ps.setObject(j + 1, arrayLiteral(values, keys.get(j).kind()), Types.OTHER);
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
        String columns = columnList(table.columns());
        String stage = stages.computeIfAbsent(table.qualifiedName() + " " + columns, k -> "migrator_stage_" + (stages.size() + 1));
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(qualified(table)).append(" (").append(columns)
                .append(") SELECT ").append(columns).append(" FROM pg_temp.").append(quote(stage)).append(" ON CONFLICT (");
        for (int i = 0; i < keys.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append(quote(keys.get(i)));
        }
        insert.append(") DO ");
        List<String> updated = nonKeyColumns(table, keys);
        if (updated.isEmpty()) {
            insert.append("NOTHING");
        }
        for (int i = 0; i < updated.size(); i++) {
            String q = quote(updated.get(i));
            insert.append(i == 0 ? "UPDATE SET " : ", ").append(q).append(" = EXCLUDED.").append(q);
        }

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
            load(c, new TableInfo("pg_temp", stage, table.columns(), List.of()), rows.iterator());
            try (Statement s = c.createStatement()) {
                s.executeUpdate(insert.toString());
            }
            if (own) {
                c.commit();
            }
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

    @Override
    protected String foreignKeysSql() {
        return "SELECT k.conname, a.attname, pn.nspname, pc.relname, pa.attname "
                + "FROM pg_constraint k JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace "
                + "JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
                + "JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY u(child, parent, ord) ON true "
                + "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.child "
                + "JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.parent "
                + "WHERE k.contype = 'f' AND cn.nspname = ? AND cc.relname = ? ORDER BY k.conname, u.ord";
    }

    @Override
    protected String checkpointDdl(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (name varchar(100) PRIMARY KEY, state text, "
                + "updated_at timestamp)";
    }

    @Override
    protected String checkpointUpsert(String qualifiedTable) {
        return "INSERT INTO " + qualifiedTable + " (name, state, updated_at) VALUES (?, ?, now() AT TIME ZONE 'UTC') "
                + "ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at";
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
