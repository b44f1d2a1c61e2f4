package dev.migrator.jdbc.testing;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.HistoryRow;
import dev.migrator.testkit.KitDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A {@link TestDatabase} seen through plain JDBC, as the test kit's database. */
public final class JdbcKitDatabase implements KitDatabase {

    private final TestDatabase db;
    private final List<String> schemas = new ArrayList<>();

    JdbcKitDatabase(TestDatabase db) {
        this.db = db;
    }

    /** The wrapped test database. */
    public TestDatabase testDatabase() {
        return db;
    }

    private boolean postgres() {
        return db.kind() == TestDatabase.Kind.POSTGRESQL;
    }

    @Override
    public ConnectionConfig config(String name) {
        return ConnectionConfig.of(name, db.url(), db.user(), db.password());
    }

    @Override
    public String defaultSchema() {
        return postgres() ? "public" : db.database();
    }

    @Override
    public String installedBy() {
        return db.user();
    }

    @Override
    public synchronized String schemaName(String suffix) {
        String name = db.database() + "_" + suffix;
        schemas.add(name);
        return name;
    }

    @Override
    public void createSchema(String schema) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute((postgres() ? "CREATE SCHEMA " : "CREATE DATABASE ") + q(schema));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void execute(String schema, String statement) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(postgres() ? "SET search_path TO " + q(schema) : "USE " + q(schema));
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Test setup statement failed: " + statement + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> tables(String schema) {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    @Override
    public void delete(String schema, String table, Object id) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + q(schema) + "." + q(table) + " WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete from " + schema + "." + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean schemaExists(String schema) {
        return queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", schema) > 0;
    }

    @Override
    public boolean tableExists(String schema, String table) {
        return queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                schema, table) > 0;
    }

    @Override
    public long count(String schema, String table) {
        return queryLong("SELECT count(*) FROM " + q(schema) + "." + q(table));
    }

    @Override
    public List<Map<String, Object>> read(String schema, String table) {
        List<Map<String, Object>> records = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + q(schema) + "." + q(table) + " ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    record.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                records.add(record);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + schema + "." + table + ": " + e.getMessage(), e);
        }
        return records;
    }

    @Override
    public void insert(String schema, String table, List<Map<String, Object>> records) {
        if (records.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(records.get(0).keySet());
        List<String> stored = columns(schema, table);
        String sql = "INSERT INTO " + q(schema) + "." + q(table) + " ("
                + columns.stream().map(f -> q(column(stored, f))).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map<String, Object> record : records) {
                for (int i = 0; i < columns.size(); i++) {
                    Object value = record.get(columns.get(i));
                    if (value instanceof Map<?, ?> || value instanceof List<?>) {
                        // A JSON document (KitServer.FieldType.JSON): its text, which PostgreSQL casts to jsonb.
                        ps.setObject(i + 1, json(value), postgres() ? java.sql.Types.OTHER : java.sql.Types.VARCHAR);
                    } else {
                        ps.setObject(i + 1, value);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot insert into " + schema + "." + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void update(String schema, String table, Object id, Map<String, Object> fields) {
        List<String> stored = columns(schema, table);
        List<String> names = new ArrayList<>(fields.keySet());
        String sql = "UPDATE " + q(schema) + "." + q(table) + " SET "
                + names.stream().map(f -> q(column(stored, f)) + " = ?").collect(Collectors.joining(", ")) + " WHERE id = ?";
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                ps.setObject(i + 1, fields.get(names.get(i)));
            }
            ps.setObject(names.size() + 1, id);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("No record " + id + " in " + schema + "." + table + " to update");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update " + schema + "." + table + ": " + e.getMessage(), e);
        }
    }

    /** The columns of a table as the database stores their names. */
    private List<String> columns(String schema, String table) {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the columns of " + schema + "." + table + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * The column a field is written to: the one of its name, or the one it folds to (PostgreSQL stores an unquoted
     * {@code updatedAt} as {@code updatedat}, as the engine's writer finds it).
     */
    private static String column(List<String> stored, String field) {
        return stored.contains(field) ? field
                : stored.stream().filter(c -> c.equalsIgnoreCase(field)).findFirst().orElse(field);
    }

    @Override
    public List<String> historyFields(String schema, String table) {
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

    @Override
    public List<HistoryRow> history(String schema, String table) {
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
                java.sql.Timestamp at = rs.getTimestamp("installed_at");
                rows.add(new HistoryRow(
                        rs.getInt("installed_rank"),
                        rs.getString("version"),
                        rs.getString("name"),
                        rs.getString("type"),
                        rs.getString("checksum"),
                        rs.getString("checksum_algorithm"),
                        rs.getString("installed_by"),
                        at == null ? null : at.toInstant(),
                        Duration.ofMillis(rs.getLong("execution_time_ms")),
                        rs.getBoolean("success"),
                        rs.getInt("statements_completed")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read history " + schema + "." + table + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public MetadataLoaderConfig metadataLoader(String name) {
        return MetadataLoaderConfig.database(name, db.url(), db.user(), db.password(), defaultSchema());
    }

    @Override
    public void close() {
        try {
            if (!postgres()) {
                // On MariaDB a schema is a database of its own: it outlives the test database unless dropped here.
                try (Connection c = db.connect();
                        Statement s = c.createStatement()) {
                    for (String schema : schemas) {
                        s.execute("DROP DATABASE IF EXISTS " + q(schema));
                    }
                } catch (SQLException | RuntimeException e) {
                    // Best effort, as ItSupport: the leftovers carry the test database's unique prefix.
                }
            }
        } finally {
            db.close();
        }
    }

    @Override
    public List<String> checkpointStates(String schema, String migration) {
        List<String> states = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM " + q(schema) + ".migrator_data_checkpoints"
                        + " WHERE name = ?")) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the checkpoints of " + schema + ": " + e.getMessage(), e);
        }
        return states;
    }

    /** JSON text of maps, lists, strings, numbers, booleans and nulls: what test records hold. */
    private static String json(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> json(e.getKey().toString()) + ": " + json(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JdbcKitDatabase::json).collect(Collectors.joining(", ", "[", "]"));
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String q(String identifier) {
        return postgres()
                ? "\"" + identifier.replace("\"", "\"\"") + "\""
                : "`" + identifier.replace("`", "``") + "`";
    }

    private long queryLong(String query, Object... args) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + query + ": " + e.getMessage(), e);
        }
    }
}
