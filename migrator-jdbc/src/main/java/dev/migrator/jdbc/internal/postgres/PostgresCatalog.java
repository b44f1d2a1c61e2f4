package dev.migrator.jdbc.internal.postgres;

import dev.migrator.jdbc.internal.Dialect;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's catalog as the data sessions read it, from {@code pg_catalog}: the tables of a schema, a table's
 * columns and primary key, the value kind of each type, and foreign keys.
 */
final class PostgresCatalog {

    private PostgresCatalog() {}

    static List<String> tableNames(Connection c, String schema) throws SQLException {
        return Dialect.firstColumn(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname", schema);
    }

    static TableInfo describe(Connection c, String schema, String table) throws SQLException {
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
        if (columns.isEmpty() && !PostgresDialect.tableIn(c, schema, table)) {
            return null;
        }
        List<String> pk = Dialect.firstColumn(c, "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                + "ON true JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
                + "WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord", schema, table);
        return new TableInfo(schema, table, columns, pk);
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

    static Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException {
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

    /** The foreign keys of one table, column by column: see {@code TableData.foreignKeysSql}. */
    static String foreignKeysSql() {
        return "SELECT k.conname, a.attname, pn.nspname, pc.relname, pa.attname "
                + "FROM pg_constraint k JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace "
                + "JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
                + "JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY u(child, parent, ord) ON true "
                + "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.child "
                + "JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.parent "
                + "WHERE k.contype = 'f' AND cn.nspname = ? AND cc.relname = ? ORDER BY k.conname, u.ord";
    }
}
