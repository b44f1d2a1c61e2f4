package dev.migrator.jdbc.internal.postgres;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * PostgreSQL: double-quoted identifiers, schemas, transactional DDL, session advisory locks. Internal: not an API, it
 * may change in any release.
 */
public final class PostgresDialect implements Dialect {

    @Override
    public String family() {
        return JdbcUrl.POSTGRESQL;
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public SqlSplitter.Syntax syntax() {
        return SqlSplitter.Syntax.POSTGRESQL;
    }

    /**
     * {@code 'it''s'}; a value with a backslash becomes an escape string ({@code E'a\\b'}), which reads the same
     * whether {@code standard_conforming_strings} is on (the default) or off: a plain {@code 'a\'} would end early
     * with it off.
     */
    @Override
    public String literal(String value) {
        return stringLiteral(value);
    }

    /** PostgreSQL's one string-literal rule ({@link #literal}), for every statement of this package that needs one. */
    static String stringLiteral(String value) {
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
    }

    /**
     * PostgreSQL's one identifier-quoting rule: in double quotes, an embedded double quote doubled, so the name can never
     * end the quoted identifier early. Every identifier this package writes into SQL goes through it; {@link #quote}
     * validates the name first.
     */
    static String quoteIdentifier(String identifier) {
        return Identifiers.delimit(identifier, '"');
    }

    @Override
    public char identifierQuote() {
        return '"';
    }

    /**
     * PostgreSQL's one "insert, or update the row already there" clause, after an INSERT's values or query:
     * {@code ON CONFLICT (keys) DO UPDATE SET c = EXCLUDED.c} for each updated column, or {@code DO NOTHING} when none
     * is updated. Names stand as given (quoted by the caller where they need it).
     */
    static String upsertClause(List<String> keys, List<String> updated) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (").append(String.join(", ", keys)).append(") DO ");
        if (updated.isEmpty()) {
            sql.append("NOTHING");
        }
        for (int i = 0; i < updated.size(); i++) {
            String c = updated.get(i);
            sql.append(i == 0 ? "UPDATE SET " : ", ").append(c).append(" = EXCLUDED.").append(c);
        }
        return sql.toString();
    }

    @Override
    public TableData newTableData() {
        return new PostgresData();
    }

    @Override
    public dev.migrator.spi.ScriptLinter linter(Connection connection, String schema,
            dev.migrator.api.LintThreshold threshold, String where) {
        return new PostgresLinter(connection, schema, threshold, where);
    }

    @Override
    public MetadataTableSql metadataSql() {
        return new PostgresMetadataSql();
    }

    @Override
    public boolean schemaExists(Connection connection, String schema) throws SQLException {
        return Dialect.finds(connection, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", schema);
    }

    @Override
    public String createSchemaSql(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    @Override
    public String useSchemaSql(String schema) {
        return "SET search_path TO " + quote(schema);
    }

    @Override
    public String schemaState(Connection connection) throws SQLException {
        return Dialect.firstValue(connection, "SELECT current_setting('search_path')");
    }

    @Override
    public void restoreSchemaState(Connection connection, String state) throws SQLException {
        if (state == null) {
            return;
        }
        // Bound as a value: the saved path came from the server but is still never concatenated.
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
            ps.setString(1, state);
            ps.execute();
        }
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        return Dialect.firstValue(connection, "SELECT current_schema()");
    }

    @Override
    public String currentDatabase(Connection connection) throws SQLException {
        return Dialect.firstValue(connection, "SELECT current_database()");
    }

    @Override
    public boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        return tableIn(connection, schema, table);
    }

    /** Whether a table (plain or partitioned) exists: the one look-up of the dialect and the data sessions' catalog. */
    static boolean tableIn(Connection connection, String schema, String table) throws SQLException {
        return Dialect.finds(connection, "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')", schema, table);
    }

    @Override
    public List<String> historyDdl(String schema, String table) {
        String qualified = qualify(schema, table);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + qualified + " ("
                        + Dialect.historyColumns("INT NOT NULL PRIMARY KEY", "TIMESTAMPTZ NOT NULL DEFAULT now()") + ")",
                "CREATE INDEX IF NOT EXISTS " + historyIndex(table) + " ON " + qualified + " (success)");
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }

    @Override
    public String timeoutHint(SQLException e) {
        if (!"57014".equals(e.getSQLState())) {
            return null;
        }
        String message = String.valueOf(e.getMessage());
        String raise = " for migrations (on this connection the driver property options=-c statement_timeout=0, or a"
                + " larger value in ms; or ALTER ROLE ... SET statement_timeout), or split the work into smaller steps.";
        if (message.contains("statement timeout")) {
            return "The statement was cancelled by PostgreSQL's statement_timeout: it ran longer than the session allows."
                    + " Raise the timeout" + raise;
        }
        // 57014 is also a cancel request; the message says which only in English (lc_messages).
        return "The statement was cancelled (SQLSTATE 57014): by statement_timeout, or by a cancel request"
                + " (pg_cancel_backend, a client query timeout). If it was the timeout, raise it" + raise;
    }

    @Override
    public LockWaitSql lockWaits() {
        return PostgresLockWaits.INSTANCE;
    }

    @Override
    public boolean isConcurrentCreate(SQLException e) {
        // Two CREATE ... IF NOT EXISTS at once: the loser hits the unique index on pg_type/pg_class/pg_namespace.
        String state = e.getSQLState();
        return "23505".equals(state) || "42P07".equals(state) || "42P06".equals(state) || "42710".equals(state);
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        statement.setObject(index, value.atOffset(ZoneOffset.UTC));
    }

    /** UTC text to the microsecond (timestamptz's precision): no pgjdbc timestamp conversion per history row. */
    @Override
    public String installedAtSelect() {
        return "to_char(installed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
    }

    @Override
    public Instant getInstalledAt(ResultSet rs, int index) throws SQLException {
        return Dialect.utcDateTime(rs.getString(index));
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public LockSql lockSql(String database, String schema, String historyTable) {
        long key = Dialect.lockHash(database, schema, historyTable);
        return new LockSql(
                "SELECT pg_try_advisory_lock(?)",
                "SELECT pg_advisory_unlock(?)",
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE locktype = 'advisory'"
                        + " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                        + " AND ((classid::bigint << 32) | objid::bigint) = ?)",
                key,
                "pg_advisory_lock(" + key + ") for " + database + "." + schema + "." + historyTable);
    }
}
