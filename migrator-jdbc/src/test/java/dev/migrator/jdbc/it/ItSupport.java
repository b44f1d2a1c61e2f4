package dev.migrator.jdbc.it;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Shared plumbing of the end-to-end tests: a fresh database per test, managers built on it and closed after it,
 * extra schemas (databases on MariaDB) dropped after it, and plain-JDBC looks at what the database holds.
 *
 * <p>Everything here talks to the database directly, never through migrator: the tests assert outcomes in the
 * database, not what the library says about itself.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ItSupport {

    /** The history table every test uses unless it says otherwise. */
    static final String HISTORY = "migrator_history";

    /** The connection name every manager is built with. */
    static final String CORE = "core";

    final TestDatabase.Kind kind;
    TestDatabase db;
    private final List<String> extraSchemas = new ArrayList<>();
    private final List<MigrationManager> managers = new ArrayList<>();

    ItSupport(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void openDatabase() {
        db = kind == TestDatabase.Kind.POSTGRESQL ? TestDatabases.postgres() : TestDatabases.mariadb();
    }

    @AfterEach
    void closeEverything() {
        synchronized (managers) {
            for (MigrationManager m : managers) {
                m.close();
            }
            managers.clear();
        }
        if (db != null) {
            for (String schema : extraSchemas) {
                dropSchema(schema);
            }
            db.close();
        }
    }

    boolean postgres() {
        return kind == TestDatabase.Kind.POSTGRESQL;
    }

    // ---------------------------------------------------------------- managers

    /** A builder with the test database as connection {@code core}. */
    MigrationManager.Builder builder() {
        return MigrationManager.builder().connection(CORE, db.url(), db.user(), db.password());
    }

    /** Builds a manager over the test database with these scripts; closed after the test. */
    MigrationManager manager(Script... scripts) {
        return track(builder().scripts(List.of(scripts)).build());
    }

    /** Closes the manager after the test. */
    MigrationManager track(MigrationManager manager) {
        synchronized (managers) {
            managers.add(manager);
        }
        return manager;
    }

    /** The default target with its schema resolved, as results report it. */
    Target defaultTarget() {
        return Target.of(CORE, defaultSchema());
    }

    /** {@code public} on PostgreSQL, the URL's database on MariaDB. */
    String defaultSchema() {
        return postgres() ? "public" : db.database();
    }

    /**
     * A unique, lower-case schema name starting with {@code prefix}, dropped after the test. Unique because on
     * MariaDB a schema is a database shared by the whole server.
     */
    String uniqueSchema(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return registerSchema(name);
    }

    /** Drops the schema (database on MariaDB) after the test. */
    String registerSchema(String name) {
        extraSchemas.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    // ---------------------------------------------------------------- plain JDBC

    /** Runs statements on the test database, each committing by itself. */
    void sql(String... statements) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Test setup statement failed: " + e.getMessage(), e);
        }
    }

    /** Creates a schema (database on MariaDB) directly, dropped after the test. */
    void createSchema(String schema) {
        registerSchema(schema);
        sql(postgres() ? "CREATE SCHEMA " + q(schema) : "CREATE DATABASE " + q(schema));
    }

    private void dropSchema(String schema) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(postgres() ? "DROP SCHEMA IF EXISTS " + q(schema) + " CASCADE" : "DROP DATABASE IF EXISTS " + q(schema));
        } catch (SQLException | RuntimeException e) {
            // Best effort: the test database itself is dropped by db.close() anyway.
        }
    }

    /** Quotes an identifier for this database. */
    String q(String identifier) {
        return postgres()
                ? "\"" + identifier.replace("\"", "\"\"") + "\""
                : "`" + identifier.replace("`", "``") + "`";
    }

    /** Whether the table exists in the default schema. */
    boolean tableExists(String table) {
        return tableExists(defaultSchema(), table);
    }

    /** Whether the table exists in the schema (database on MariaDB). */
    boolean tableExists(String schema, String table) {
        return queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                schema, table) > 0;
    }

    /** Whether the schema (database on MariaDB) exists. */
    boolean schemaExists(String schema) {
        return queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", schema) > 0;
    }

    /** The column names of a table, lower case, in order. */
    List<String> columns(String schema, String table) {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** Counts the rows of a table in the default schema. */
    long rowCount(String table) {
        return rowCount(defaultSchema(), table);
    }

    /** Counts the rows of a table. */
    long rowCount(String schema, String table) {
        return queryLong("SELECT count(*) FROM " + q(schema) + "." + q(table));
    }

    /** The first column of every row of a query, as strings. */
    List<String> queryStrings(String query, Object... args) {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + query + ": " + e.getMessage(), e);
        }
        return values;
    }

    long queryLong(String query, Object... args) {
        return Long.parseLong(queryStrings(query, args).get(0));
    }

    /** Every row of a table as text, ordered by its first column, for before/after comparisons. */
    List<String> dump(String table) {
        return dump(defaultSchema(), table);
    }

    List<String> dump(String schema, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + q(schema) + "." + q(table) + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    int type = rs.getMetaData().getColumnType(i);
                    boolean binary = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                            || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
                    Object v = binary ? rs.getBytes(i) : rs.getString(i);
                    b.append(i == 1 ? "" : "|").append(v instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                            : v instanceof java.sql.Array a ? java.util.Arrays.deepToString((Object[]) a.getArray()) : String.valueOf(v));
                }
                rows.add(b.toString());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    // ---------------------------------------------------------------- history

    /** One row of a history table, read with plain JDBC. */
    record HistoryRow(
            int installedRank,
            String version,
            String name,
            String type,
            String checksum,
            String checksumAlgorithm,
            String installedBy,
            Timestamp installedAt,
            long executionTimeMs,
            boolean success,
            int statementsCompleted) {}

    /** The default schema's history rows by rank; empty when the table does not exist. */
    List<HistoryRow> history() {
        return history(defaultSchema());
    }

    /** A schema's history rows by rank; empty when the table does not exist. */
    List<HistoryRow> history(String schema) {
        return history(schema, HISTORY);
    }

    /** A history table's rows by rank; empty when the table does not exist. */
    List<HistoryRow> history(String schema, String table) {
        if (!tableExists(schema, table)) {
            return List.of();
        }
        List<HistoryRow> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT installed_rank, version, name, type, checksum, checksum_algorithm,"
                        + " installed_by, installed_at, execution_time_ms, success, statements_completed FROM "
                        + q(schema) + "." + q(table) + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(new HistoryRow(
                        rs.getInt("installed_rank"),
                        rs.getString("version"),
                        rs.getString("name"),
                        rs.getString("type"),
                        rs.getString("checksum"),
                        rs.getString("checksum_algorithm"),
                        rs.getString("installed_by"),
                        rs.getTimestamp("installed_at"),
                        rs.getLong("execution_time_ms"),
                        rs.getBoolean("success"),
                        rs.getInt("statements_completed")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read history " + schema + "." + table + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The versions in a schema's history, by rank. */
    List<String> historyVersions(String schema) {
        return history(schema).stream().map(HistoryRow::version).toList();
    }

    /** The versions in the default schema's history, by rank. */
    List<String> historyVersions() {
        return historyVersions(defaultSchema());
    }

    /** The default schema's history row of one version. */
    HistoryRow historyRow(String version) {
        return history().stream()
                .filter(r -> version.equals(r.version()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No history row for version " + version + " in " + history()));
    }

    // ---------------------------------------------------------------- files

    static Path write(Path dir, String fileName, String text) {
        try {
            return Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script creating one table with an int primary key and dropping it on the way down. */
    static Script createTable(String version, String table) {
        return Script.of(version, "create_" + table, "CREATE TABLE " + table + " (id int primary key)", "DROP TABLE " + table);
    }
}
