package dev.migrator.jdbc.internal.mysql;

import dev.migrator.api.DatabaseException;
import dev.migrator.jdbc.internal.lint.LintTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the MySQL/MariaDB linter reads from the live database: table sizes and row estimates
 * ({@code information_schema.TABLES}: {@code TABLE_ROWS}, {@code DATA_LENGTH + INDEX_LENGTH}), a column's type, and
 * the server's version. Reads only.
 */
final class MysqlLintCatalog {

    /**
     * A column as it is.
     *
     * @param type {@code COLUMN_TYPE}, e.g. {@code varchar(20)}
     * @param nullable whether it accepts NULL
     * @param octetLength {@code CHARACTER_OCTET_LENGTH}; -1 for non-character types
     */
    record Column(String type, boolean nullable, long octetLength) {}

    private final Connection connection;
    private final String where;

    MysqlLintCatalog(Connection connection, String where) {
        this.connection = connection;
        this.where = where;
    }

    Optional<LintTables.Stats> stats(String schema, String table) throws SQLException {
        long rows;
        long bytes;
        try (PreparedStatement ps = connection.prepareStatement("SELECT TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'")) {
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
        // TABLE_ROWS is an estimate that may say 0 for a table with rows: whether one exists is read exactly.
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + quote(schema) + "." + quote(table)
                + " LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return Optional.of(new LintTables.Stats(rows, bytes, rs.next()));
        }
    }

    Optional<Column> column(String schema, String table, String column) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COLUMN_TYPE, IS_NULLABLE, CHARACTER_OCTET_LENGTH"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long octets = rs.getLong(3);
                return Optional.of(new Column(rs.getString(1), "YES".equals(rs.getString(2)), rs.wasNull() ? -1 : octets));
            }
        } catch (SQLException e) {
            throw failed("column " + table + "." + column, e);
        }
    }

    MysqlServer server() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT VERSION()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return MysqlServer.parse(rs.getString(1));
        } catch (SQLException e) {
            throw failed("the server version", e);
        }
    }

    private DatabaseException failed(String what, SQLException e) {
        return new DatabaseException("Cannot read " + what + " on " + where + " for the migration linter: " + e.getMessage()
                + " (SQLSTATE " + e.getSQLState() + ").", e);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
