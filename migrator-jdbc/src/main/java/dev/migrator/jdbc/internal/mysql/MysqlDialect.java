package dev.migrator.jdbc.internal.mysql;

import dev.migrator.jdbc.internal.Dialect;
import dev.migrator.jdbc.internal.Identifiers;
import dev.migrator.jdbc.internal.JdbcUrl;
import dev.migrator.jdbc.internal.LockWaitSql;
import dev.migrator.jdbc.internal.MetadataTableSql;
import dev.migrator.jdbc.internal.SqlSplitter;
import dev.migrator.jdbc.internal.TableData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * MySQL and MariaDB: backtick identifiers, a schema is a database, DDL commits implicitly, {@code GET_LOCK}. Internal:
 * not an API, it may change in any release.
 */
public final class MysqlDialect implements Dialect {

    /** Built when a history row is first written: a start that only reads the history never loads java.time.format. */
    private static final class Formats {
        static final DateTimeFormatter DATETIME_3 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    }

    @Override
    public String family() {
        return JdbcUrl.MYSQL;
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public SqlSplitter.Syntax syntax() {
        return SqlSplitter.Syntax.MYSQL;
    }

    /**
     * {@code 'it''s'} with backslashes doubled: MySQL and MariaDB read a backslash as an escape (unless the server runs
     * with {@code NO_BACKSLASH_ESCAPES}, where the value would keep doubled backslashes but still end where it should).
     */
    @Override
    public String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * MySQL's and MariaDB's one identifier-quoting rule: in backticks, an embedded backtick doubled (a backslash is no
     * escape inside an identifier), so the name can never end the quoted identifier early. Every identifier this package
     * writes into SQL goes through it; {@link #quote} validates the name first.
     */
    static String quoteIdentifier(String identifier) {
        return Identifiers.delimit(identifier, '`');
    }

    @Override
    public char identifierQuote() {
        return '`';
    }

    /**
     * MySQL's one "insert, or update the row already there" clause, after an INSERT's values: {@code ON DUPLICATE KEY
     * UPDATE c = VALUES(c)} for each updated column, or a no-op update of the first key column when none is updated.
     * Names stand as given (quoted by the caller where they need it). MySQL matches a row on any unique key, not only
     * {@code keys}.
     */
    static String upsertClause(List<String> keys, List<String> updated) {
        StringBuilder sql = new StringBuilder(" ON DUPLICATE KEY UPDATE ");
        if (updated.isEmpty()) {
            sql.append(keys.get(0)).append(" = ").append(keys.get(0));
        }
        for (int i = 0; i < updated.size(); i++) {
            String c = updated.get(i);
            sql.append(i == 0 ? "" : ", ").append(c).append(" = VALUES(").append(c).append(')');
        }
        return sql.toString();
    }

    @Override
    public TableData newTableData() {
        return new MysqlData();
    }

    @Override
    public dev.migrator.spi.ScriptLinter linter(Connection connection, String schema,
            dev.migrator.api.LintThreshold threshold, String where) {
        return new MysqlLinter(connection, schema, threshold, where);
    }

    @Override
    public MetadataTableSql metadataSql() {
        return new MysqlMetadataSql();
    }

    @Override
    public boolean schemaExists(Connection connection, String schema) throws SQLException {
        return Dialect.finds(connection, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", schema);
    }

    @Override
    public String createSchemaSql(String schema) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(schema);
    }

    @Override
    public String useSchemaSql(String schema) {
        return "USE " + quote(schema);
    }

    @Override
    public String schemaState(Connection connection) throws SQLException {
        return currentSchema(connection);
    }

    @Override
    public void restoreSchemaState(Connection connection, String state) throws SQLException {
        if (state != null && Identifiers.isPlain(state)) {
            useSchema(connection, state);
        } else if (state != null) {
            connection.setCatalog(state);
        }
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        return Dialect.firstValue(connection, "SELECT DATABASE()");
    }

    @Override
    public String currentDatabase(Connection connection) throws SQLException {
        // GET_LOCK names are server-wide; the schema (a database) already scopes the key.
        return "mysql";
    }

    @Override
    public boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        return Dialect.finds(connection, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                schema, table);
    }

    @Override
    public List<String> historyDdl(String schema, String table) {
        return List.of("CREATE TABLE IF NOT EXISTS " + qualify(schema, table) + " ("
                + Dialect.historyColumns("INT NOT NULL", "DATETIME(3) NOT NULL")
                + ", PRIMARY KEY (installed_rank), INDEX " + historyIndex(table) + " (success)"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146 || e.getErrorCode() == 1049;
    }

    @Override
    public String timeoutHint(SQLException e) {
        // 1969: MariaDB's max_statement_time (SQLSTATE 70100); 3024: MySQL's max_execution_time (SELECT only).
        String setting = e.getErrorCode() == 1969 ? "max_statement_time" : e.getErrorCode() == 3024 ? "max_execution_time" : null;
        if (setting == null) {
            return null;
        }
        return "The statement was cancelled by the server's " + setting + ": it ran longer than the session allows."
                + " Raise the timeout for migrations (on this connection the driver property sessionVariables=" + setting
                + "=0, or a larger value; or SET GLOBAL " + setting + "), or split the work into smaller steps.";
    }

    @Override
    public LockWaitSql lockWaits() {
        return MysqlLockWaits.INSTANCE;
    }

    @Override
    public boolean isConcurrentCreate(SQLException e) {
        return e.getErrorCode() == 1050 || e.getErrorCode() == 1007;
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        // DATETIME has no zone: always store UTC, whatever the server's or the JVM's time zone. Bound as text because
        // Connector/J reads MariaDB's "5.5.5-10.x" handshake version as 5.5 and drops fractional seconds otherwise.
        statement.setString(index, Formats.DATETIME_3.format(LocalDateTime.ofInstant(value, ZoneOffset.UTC)));
    }

    @Override
    public String installedAtSelect() {
        return "CAST(installed_at AS CHAR)";
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        return Dialect.utcDateTime(rs.getString(index));
    }

    @Override
    public LockSql lockSql(String database, String schema, String historyTable) {
        // Sixteen hex digits, zero-padded, as String.format("%016x") wrote them: the name other instances look for.
        String hex = Long.toHexString(Dialect.lockHash(database, schema, historyTable));
        String name = "migrator_" + "0".repeat(16 - hex.length()) + hex;
        return new LockSql(
                "SELECT GET_LOCK(?, 0)",
                "SELECT RELEASE_LOCK(?)",
                "SELECT IS_USED_LOCK(?) = CONNECTION_ID()",
                name,
                "GET_LOCK('" + name + "') for " + schema + "." + historyTable);
    }
}
