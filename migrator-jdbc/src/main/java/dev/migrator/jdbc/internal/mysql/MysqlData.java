package dev.migrator.jdbc.internal.mysql;

import dev.migrator.jdbc.internal.Dialect;
import dev.migrator.jdbc.internal.TableData;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL and MariaDB: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, streaming result sets, bulk loads through
 * {@code LOAD DATA LOCAL INFILE} fed by a stream ({@link MysqlLoadData}) where the connection and the server allow it,
 * and batched inserts (plain, the fallback, or {@code ON DUPLICATE KEY UPDATE}) that Connector/J rewrites into multi-row
 * inserts. Sessions run in UTC so {@code TIMESTAMP} values keep their instant;
 * date and time values travel as the server's text so the driver's time-zone handling never shifts them.
 */
final class MysqlData extends TableData {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlData.class);

    private static final int BATCH = 1_000;

    /** How this session bulk loads, decided on its first load; {@code null} before. */
    private MysqlLoadData.Availability bulk;

    static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    /**
     * Escapes rather than refuses: these names come from the catalog (or are the caller's names for tables and columns
     * that exist), so a real column called {@code `order date`} must be read and written, and the doubled backtick
     * keeps any name inside its identifier.
     */
    @Override
    protected String quote(String identifier) {
        return MysqlDialect.quoteIdentifier(identifier);
    }

    private static void utc(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
    }

    @Override
    protected String startSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(true);
        utc(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        return "MySQL/MariaDB START TRANSACTION WITH CONSISTENT SNAPSHOT (one point in time for InnoDB tables)";
    }

    @Override
    protected String exportSnapshot(Connection c) {
        return null; // MySQL cannot share a snapshot between connections
    }

    @Override
    protected void joinSnapshot(Connection c, String snapshotId) {
        throw new UnsupportedOperationException("MySQL cannot share a snapshot between connections.");
    }

    @Override
    protected List<String> tableNames(Connection c, String schema) throws SQLException {
        return Dialect.firstColumn(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", schema);
    }

    @Override
    protected TableInfo describe(Connection c, String schema, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, COLUMN_KEY, EXTRA "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = String.valueOf(rs.getString(5)).toLowerCase(Locale.ROOT);
                    if (extra.contains("generated")) {
                        continue; // computed by the server; never written
                    }
                    String columnType = rs.getString(2);
                    columns.add(ColumnInfo.of(rs.getString(1), columnType, kindOf(rs.getString(3), columnType)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> pk = Dialect.firstColumn(c, "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", schema, table);
        return new TableInfo(schema, table, columns, pk);
    }

    static ValueKind kindOf(String dataType, String columnType) {
        String type = dataType.toLowerCase(Locale.ROOT);
        boolean unsigned = columnType != null && columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        return switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "year" -> ValueKind.INTEGER;
            case "bigint" -> unsigned ? ValueKind.DECIMAL : ValueKind.INTEGER;
            case "decimal", "numeric" -> ValueKind.DECIMAL;
            case "float", "double", "real" -> ValueKind.FLOAT;
            case "bit", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
                    "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> ValueKind.BINARY;
            case "date" -> ValueKind.DATE;
            case "datetime" -> ValueKind.TIMESTAMP;
            case "timestamp" -> ValueKind.TIMESTAMP_TZ;
            case "json" -> ValueKind.JSON;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> ValueKind.STRING;
            case "uuid" -> ValueKind.UUID; // MariaDB 10.7+
            default -> ValueKind.OTHER; // time (may exceed 24 h), inet6, ...: the server's text
        };
    }

    @Override
    protected Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        Set<String> schemas = new HashSet<>();
        tables.forEach(t -> schemas.add(t.schema()));
        for (String schema : schemas) {
            try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, REFERENCED_TABLE_SCHEMA, "
                    + "REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? "
                    + "AND REFERENCED_TABLE_NAME IS NOT NULL")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parents.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new HashSet<>())
                                .add(rs.getString(3) + "." + rs.getString(4));
                    }
                }
            }
        }
        return parents;
    }

    @Override
    protected int streamingFetchSize() {
        return Integer.MIN_VALUE; // Connector/J streams row by row
    }

    @Override
    protected Object read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
        return switch (column.kind()) {
            case INTEGER -> readLong(rs, i);
            case FLOAT -> readDouble(rs, i);
            case BOOLEAN -> readBoolean(rs, i);
            case DECIMAL -> rs.getBigDecimal(i);
            case BINARY -> rs.getBytes(i);
            case DATE -> {
                String s = rs.getString(i);
                yield s == null ? null : LocalDate.parse(s);
            }
            case TIMESTAMP -> {
                String s = rs.getString(i);
                yield s == null ? null : LocalDateTime.parse(s, DATETIME);
            }
            case TIMESTAMP_TZ -> {
                String s = rs.getString(i);
                yield s == null ? null : LocalDateTime.parse(s, DATETIME).atOffset(ZoneOffset.UTC);
            }
            case UUID -> {
                String s = rs.getString(i);
                yield s == null ? null : java.util.UUID.fromString(s);
            }
            default -> rs.getString(i);
        };
    }

    // ------------------------------------------------------------------ load

    @Override
    protected void beginLoad(Connection c) throws SQLException {
        utc(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION FOREIGN_KEY_CHECKS = 0");
            s.execute("SET SESSION UNIQUE_CHECKS = 1");
        }
        c.setAutoCommit(false);
    }

    /** DELETE, not TRUNCATE: TRUNCATE commits at once, DELETE rolls back with the load if it fails. */
    @Override
    protected void truncate(Connection c, List<TableInfo> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = tables.size() - 1; i >= 0; i--) {
                s.execute("DELETE FROM " + qualified(tables.get(i)));
            }
        }
    }

    /**
     * {@code LOAD DATA LOCAL INFILE} from a stream of the rows when the connection and the server allow it
     * ({@link MysqlLoadData}), multi-row inserts otherwise; decided on the first load of the session and logged once.
     */
    @Override
    protected long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException {
        if (bulk == null) {
            MysqlLoadData.Availability found = MysqlLoadData.check(c);
            bulk = found;
            if (found.loader() != null) {
                LOG.info("[{}] bulk inserts with LOAD DATA LOCAL INFILE, streamed", table.schema());
            } else {
                LOG.info("[{}] bulk inserts with multi-row INSERTs: {} (LOAD DATA LOCAL INFILE is faster; see README "
                        + "\"Data migrations\")", table.schema(), found.refusal());
            }
        }
        if (bulk.loader() != null) {
            try {
                return bulk.loader().load(c, qualified(table), table, rows);
            } catch (MysqlLoadData.Refused e) {
                // Refused before the server asked for a single row: nothing was read, the inserts take every row.
                bulk = MysqlLoadData.Availability.refused("the server refused it (" + e.getMessage() + ")");
                LOG.info("[{}] bulk inserts with multi-row INSERTs: {}", table.schema(), bulk.refusal());
            }
        }
        return insert(c, table, rows, "");
    }

    /** Batched inserts that Connector/J rewrites into multi-row ones, with an optional clause after the values. */
    private long insert(Connection c, TableInfo table, Iterator<Object[]> rows, String suffix) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(table)).append(" (");
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
            marks.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") VALUES (").append(marks).append(')').append(suffix);
        long count = 0;
        int pending = 0;
        List<ColumnInfo> columns = table.columns();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            while (rows.hasNext()) {
                Object[] row = rows.next();
                for (int i = 0; i < row.length; i++) {
                    bind(ps, i + 1, row[i], columns.get(i));
                }
                ps.addBatch();
                count++;
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return count;
    }

    @Override
    protected int nullType() {
        return java.sql.Types.NULL;
    }

    /** Date and time values as the server's text, so the driver's time-zone handling never shifts them. */
    @Override
    protected void bindOther(PreparedStatement ps, int i, Object v, ColumnInfo column) throws SQLException {
        switch (column.kind()) {
            case TIMESTAMP -> ps.setString(i, DATETIME.format((LocalDateTime) v));
            case TIMESTAMP_TZ -> ps.setString(i, DATETIME.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime()));
            default -> ps.setString(i, v.toString());
        }
    }

    // ------------------------------------------------------------------ data migrations

    @Override
    protected void prepareSession(Connection c) throws SQLException {
        utc(c);
    }

    @Override
    protected boolean streamsInTransaction() {
        return false;
    }

    /**
     * By the driver's type name; {@code BIT} of one bit (which Connector/J also reports for {@code tinyint(1)}) is
     * read as a boolean.
     */
    @Override
    protected ColumnInfo queryColumn(ResultSetMetaData meta, int i) throws SQLException {
        String type = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        int space = type.indexOf(' ');
        String dataType = space < 0 ? type : type.substring(0, space);
        ValueKind kind = dataType.equals("bit") && meta.getPrecision(i) <= 1 ? ValueKind.BOOLEAN : kindOf(dataType, type);
        return ColumnInfo.of(meta.getColumnLabel(i), type, kind);
    }

    /** Always on the client: MySQL and MariaDB may ignore the ORDER BY of a subquery without LIMIT. */
    @Override
    protected String skipOnServer(String query, long skip) {
        return null;
    }

    @Override
    protected String keysCondition(List<ColumnInfo> keys, int count) {
        StringBuilder sql = new StringBuilder();
        String tuple;
        if (keys.size() == 1) {
            sql.append(quote(keys.get(0).name())).append(" IN (");
            tuple = "?";
        } else {
            sql.append('(').append(columnList(keys)).append(") IN (");
            tuple = "(" + "?, ".repeat(keys.size() - 1) + "?)";
        }
        for (int r = 0; r < count; r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sql.append(')').toString();
    }

    @Override
    protected void bindKeys(PreparedStatement ps, List<ColumnInfo> keys, List<Object[]> tuples) throws SQLException {
        int index = 1;
        for (Object[] tuple : tuples) {
            for (int j = 0; j < keys.size(); j++) {
                bind(ps, index++, tuple[j], keys.get(j));
            }
        }
    }

    /**
     * Multi-row {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)} for the non-key columns (a no-op update of the
     * first key column when there are none). MySQL matches a row on any unique key, not only {@code keys}.
     */
    @Override
    protected void upsert(Connection c, TableInfo table, List<String> keys, List<Object[]> rows) throws SQLException {
        insert(c, table, rows.iterator(), upsertClause(quoted(keys), quoted(nonKeyColumns(table, keys))));
    }

    @Override
    protected String upsertClause(List<String> keys, List<String> updated) {
        return MysqlDialect.upsertClause(keys, updated);
    }

    @Override
    protected String foreignKeysSql() {
        return "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
                + "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL "
                + "ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION";
    }

    @Override
    protected String checkpointDdl(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (name varchar(100) NOT NULL PRIMARY KEY, state longtext, "
                + "updated_at timestamp(6) NULL) ENGINE=InnoDB";
    }

    @Override
    protected String utcNow() {
        return "UTC_TIMESTAMP(6)";
    }

    /** InnoDB moves AUTO_INCREMENT past explicitly inserted keys by itself; nothing to do. */
    @Override
    protected void resetSequences(Connection c, TableInfo table) {}

    @Override
    protected void endLoad(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION FOREIGN_KEY_CHECKS = 1");
        }
    }
}
