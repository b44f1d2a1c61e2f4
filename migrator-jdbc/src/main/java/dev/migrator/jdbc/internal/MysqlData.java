package dev.migrator.jdbc.internal;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MySQL and MariaDB: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, streaming result sets, and batched inserts
 * that Connector/J rewrites into multi-row inserts. Sessions run in UTC so {@code TIMESTAMP} values keep their instant;
 * date and time values travel as the server's text so the driver's time-zone handling never shifts them.
 */
final class MysqlData extends TableData {

    private static final int BATCH = 1_000;

    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    @Override
    String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static void utc(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
    }

    @Override
    String startSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(true);
        utc(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        return "MySQL/MariaDB START TRANSACTION WITH CONSISTENT SNAPSHOT (one point in time for InnoDB tables)";
    }

    @Override
    String exportSnapshot(Connection c) {
        return null; // MySQL cannot share a snapshot between connections
    }

    @Override
    void joinSnapshot(Connection c, String snapshotId) {
        throw new UnsupportedOperationException("MySQL cannot share a snapshot between connections.");
    }

    @Override
    List<String> tableNames(Connection c, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
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
    TableInfo describe(Connection c, String schema, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        List<String> pk = new ArrayList<>();
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
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
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
    Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException {
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
    Statement streamingStatement(Connection c) throws SQLException {
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams row by row
        return s;
    }

    @Override
    Object read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
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
    void beginLoad(Connection c) throws SQLException {
        utc(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION FOREIGN_KEY_CHECKS = 0");
            s.execute("SET SESSION UNIQUE_CHECKS = 1");
        }
        c.setAutoCommit(false);
    }

    /** DELETE, not TRUNCATE: TRUNCATE commits at once, DELETE rolls back with the load if it fails. */
    @Override
    void truncate(Connection c, List<TableInfo> tables) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = tables.size() - 1; i >= 0; i--) {
                s.execute("DELETE FROM " + qualified(tables.get(i)));
            }
        }
    }

    @Override
    long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(table)).append(" (");
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(table.columns().get(i).name()));
            marks.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") VALUES (").append(marks).append(')');
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

    private static void bind(PreparedStatement ps, int i, Object v, ColumnInfo column) throws SQLException {
        if (v == null) {
            ps.setNull(i, java.sql.Types.NULL);
            return;
        }
        switch (column.kind()) {
            case INTEGER -> ps.setLong(i, ((Number) v).longValue());
            case FLOAT -> ps.setDouble(i, ((Number) v).doubleValue());
            case DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case BINARY -> ps.setBytes(i, (byte[]) v);
            case TIMESTAMP -> ps.setString(i, DATETIME.format((LocalDateTime) v));
            case TIMESTAMP_TZ -> ps.setString(i, DATETIME.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime()));
            default -> ps.setString(i, v.toString());
        }
    }

    /** InnoDB moves AUTO_INCREMENT past explicitly inserted keys by itself; nothing to do. */
    @Override
    void resetSequences(Connection c, TableInfo table) {}

    @Override
    void endLoad(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION FOREIGN_KEY_CHECKS = 1");
        }
    }
}
