package dev.migrator.jdbc.internal.postgres;

import dev.migrator.api.DatabaseException;
import dev.migrator.jdbc.internal.lint.LintTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the PostgreSQL linter reads from the live database: table sizes and row estimates ({@code pg_class.reltuples},
 * {@code pg_total_relation_size}), a column's current type, validated {@code CHECK (col IS NOT NULL)} constraints, the
 * volatility of functions, and the server's major version. Reads only; one query per question, cached by the caller.
 */
final class PostgresLintCatalog {

    private final Connection connection;
    private final String where;

    PostgresLintCatalog(Connection connection, String where) {
        this.connection = connection;
        this.where = where;
    }

    /** The statistics of a table; empty when there is no such table. */
    Optional<LintTables.Stats> stats(String schema, String table) throws SQLException {
        String sql = "SELECT c.reltuples::bigint, pg_total_relation_size(c.oid), c.oid FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'm')";
        long rows;
        long bytes;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                rows = rs.getLong(1);
                bytes = rs.getLong(2);
            }
        }
        // Exact and cheap: one row read, whatever the statistics say (a table never analysed has reltuples -1).
        String any = "SELECT EXISTS (SELECT 1 FROM " + quote(schema) + "." + quote(table) + ")";
        try (PreparedStatement ps = connection.prepareStatement(any);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.of(new LintTables.Stats(rows, bytes, rs.getBoolean(1)));
        }
    }

    /** A column's type as {@code format_type} writes it ({@code character varying(20)}); empty when none. */
    Optional<String> columnType(String schema, String table, String column) {
        return first("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND a.attname = ?"
                + " AND a.attnum > 0 AND NOT a.attisdropped", schema, table, column);
    }

    /** Whether a validated CHECK constraint proves the column is never null. */
    boolean hasValidatedNotNullCheck(String schema, String table, String column) {
        String sql = "SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " AND con.contype = 'c' AND con.convalidated";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (PostgresLinter.isNotNullCheck(rs.getString(1), column)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw failed("the constraints of " + schema + "." + table, e);
        }
    }

    /** The functions among {@code names} that are volatile ({@code pg_proc.provolatile = 'v'}). */
    List<String> volatileFunctions(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v' AND proname = ANY (?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("text",
                    names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failed("the volatility of " + names, e);
        }
    }

    /** The server's major version (15 for 15.4). */
    int majorVersion() {
        try {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw failed("the server version", e);
        }
    }

    private Optional<String> first(String sql, String... values) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("the catalog", e);
        }
    }

    private DatabaseException failed(String what, SQLException e) {
        return new DatabaseException("Cannot read " + what + " on " + where + " for the migration linter: " + e.getMessage()
                + " (SQLSTATE " + e.getSQLState() + ").", e);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
