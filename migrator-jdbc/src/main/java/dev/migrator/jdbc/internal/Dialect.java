package dev.migrator.jdbc.internal;

import dev.migrator.jdbc.internal.mysql.MysqlDialect;
import dev.migrator.jdbc.internal.postgres.PostgresDialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between PostgreSQL and MySQL/MariaDB: quoting, schemas, history DDL, lock SQL, script syntax. What both
 * write the same way is here once (the quoting rule, the history columns, catalog look-ups, the lock hash); each vendor
 * adds only its part.
 */
public interface Dialect {

    /** {@code postgresql} or {@code mysql}: the family, not the detected product. */
    String family();

    /** Whether DDL is transactional. */
    boolean transactionalDdl();

    /** The script syntax. */
    SqlSplitter.Syntax syntax();

    /**
     * The value as a string literal that this dialect's splitter and server both read back exactly: quotes doubled,
     * backslashes escaped where the server reads them as escapes.
     */
    String literal(String value);

    /** The vendor's identifier quote mark: {@code "} or {@code `}. */
    char identifierQuote();

    /**
     * Refuses a name that is not plain ({@link Identifiers#require}) before quoting it ({@code "x"} or {@code `x`}):
     * schema, history and metadata table names come from configuration, and the rule keeps them portable and out of
     * any doubt.
     */
    default String quote(String identifier) {
        return Identifiers.delimit(Identifiers.require("identifier", identifier), identifierQuote());
    }

    /** A schema-qualified, quoted table name. */
    default String qualify(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** Whether a schema (a database on MySQL) exists. */
    boolean schemaExists(Connection connection, String schema) throws SQLException;

    /** {@code CREATE SCHEMA IF NOT EXISTS} or {@code CREATE DATABASE IF NOT EXISTS}. */
    String createSchemaSql(String schema);

    /** Makes the schema the connection's default for unqualified names. */
    default void useSchema(Connection connection, String schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(useSchemaSql(schema));
        }
    }

    /** The statement that makes the schema the default: {@code USE} or {@code SET search_path}. */
    String useSchemaSql(String schema);

    /** The connection's current default-schema setting, to restore with {@link #restoreSchemaState}. */
    String schemaState(Connection connection) throws SQLException;

    /** Restores what {@link #schemaState} returned. */
    void restoreSchemaState(Connection connection, String state) throws SQLException;

    /** The schema used when a target names none, or {@code null} when the connection has none. */
    String currentSchema(Connection connection) throws SQLException;

    /** The name of the database the connection is on (the lock's scope). */
    String currentDatabase(Connection connection) throws SQLException;

    /**
     * The expression that reads {@code installed_at} in the history query; {@link #getInstalledAt} reads its value.
     * Plain by default; MySQL and PostgreSQL format it on the server as {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC,
     * which is far cheaper to read than the drivers' own timestamp conversion (every start reads every row).
     */
    default String installedAtSelect() {
        return "installed_at";
    }

    /** Reads {@code installed_at} as {@link #installedAtSelect} selected it; by default {@link #getInstant}. */
    default Instant getInstalledAt(ResultSet rs, int index) throws SQLException {
        return getInstant(rs, index);
    }

    /**
     * A UTC {@code yyyy-MM-dd HH:mm:ss[.fraction]} as the servers write it, parsed by hand (a start need not load
     * {@code java.time.format} for it); any other shape through {@link LocalDateTime#parse}.
     */
    static Instant utcDateTime(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        if (n >= 19 && value.charAt(4) == '-' && value.charAt(7) == '-' && value.charAt(10) == ' '
                && value.charAt(13) == ':' && value.charAt(16) == ':' && (n == 19 || value.charAt(19) == '.' && n > 20 && n <= 29)) {
            int year = digits(value, 0, 4);
            int month = digits(value, 5, 7);
            int day = digits(value, 8, 10);
            int hour = digits(value, 11, 13);
            int minute = digits(value, 14, 16);
            int second = digits(value, 17, 19);
            int nanos = 0;
            if (n > 19) {
                nanos = digits(value, 20, n);
                for (int k = n - 20; nanos >= 0 && k < 9; k++) {
                    nanos *= 10; // a fraction of fewer than nine digits, in nanoseconds
                }
            }
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0) {
                return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
            }
        }
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /** The decimal value of {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Whether a table exists. */
    boolean tableExists(Connection connection, String schema, String table) throws SQLException;

    /** The statements that create the history table and its index, each idempotent. */
    List<String> historyDdl(String schema, String table);

    /** Whether an error says a table does not exist. */
    boolean isMissingTable(SQLException e);

    /**
     * When the server cancelled a statement because it ran out of time ({@code statement_timeout},
     * {@code max_statement_time}...), which setting did it and what to do; {@code null} for any other error.
     */
    String timeoutHint(SQLException e);

    /** How this family bounds a session's lock waits and reports a wait that ran out. */
    LockWaitSql lockWaits();

    /** Whether an error is the harmless loser's side of two concurrent {@code CREATE ... IF NOT EXISTS}. */
    boolean isConcurrentCreate(SQLException e);

    /** Binds an instant to a history row's {@code installed_at}. */
    void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    /** Reads {@code installed_at}. */
    Instant getInstant(ResultSet rs, int index) throws SQLException;

    /** The SQL and key of the native lock for a target. */
    LockSql lockSql(String database, String schema, String historyTable);

    /**
     * The native lock's statements; each takes the key as its only parameter and returns one boolean.
     *
     * @param tryAcquire takes the lock without waiting
     * @param release releases it
     * @param isHeld whether this connection holds it
     * @param key the key, a {@code Long} or a {@code String}
     * @param description for messages
     */
    record LockSql(String tryAcquire, String release, String isHeld, Object key, String description) {}

    /** Whether {@code sql}, with {@code values} bound in order, finds a row: the catalog look-ups of every vendor. */
    static boolean finds(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The first column of every row of {@code sql}, with {@code values} bound in order. */
    static List<String> firstColumn(Connection connection, String sql, String... values) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The first column of the first row of {@code sql}, or {@code null} when it returns none. */
    static String firstValue(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The history table's columns, the same on every vendor but for the rank's constraints and {@code installed_at}'s
     * type: the order and types {@link JdbcHistoryStore} reads and writes.
     */
    static String historyColumns(String rankDefinition, String installedAtDefinition) {
        return "installed_rank " + rankDefinition + ", "
                + "version VARCHAR(50), "
                + "name VARCHAR(200) NOT NULL, "
                + "type VARCHAR(20) NOT NULL, "
                + "checksum VARCHAR(100), "
                + "checksum_algorithm VARCHAR(40), "
                + "installed_by VARCHAR(100) NOT NULL, "
                + "installed_at " + installedAtDefinition + ", "
                + "execution_time_ms BIGINT NOT NULL, "
                + "success BOOLEAN NOT NULL, "
                + "statements_completed INT NOT NULL";
    }

    /** The quoted name of the history table's index on {@code success}, within every vendor's name length. */
    default String historyIndex(String table) {
        return quote((table.length() > 55 ? table.substring(0, 55) : table) + "_s_idx");
    }

    /** A stable 64-bit hash (first 8 bytes of SHA-256) of the lock's scope. */
    static long lockHash(String database, String schema, String historyTable) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("migrator:" + database + ":" + schema + ":" + historyTable).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xFF);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A new catalog, copy and row-binding helper for one session (it may keep per-session state). */
    TableData newTableData();

    /** The SQL of the {@code database:} metadata loader's table. */
    MetadataTableSql metadataSql();

    /**
     * The migration linter of this dialect over a session's connection.
     *
     * @param where the connection and schema, for messages
     */
    dev.migrator.spi.ScriptLinter linter(Connection connection, String schema, dev.migrator.api.LintThreshold threshold,
            String where);

    /** The dialect of a family. */
    static Dialect of(String family) {
        return JdbcUrl.POSTGRESQL.equals(family) ? new PostgresDialect() : new MysqlDialect();
    }
}
