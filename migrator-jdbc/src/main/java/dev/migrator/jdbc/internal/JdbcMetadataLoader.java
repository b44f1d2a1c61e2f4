package dev.migrator.jdbc.internal;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code database:} metadata loader: one table ({@code _framework_metadata} unless configured) on PostgreSQL or
 * MySQL/MariaDB, one row per item, unique on {@code (type, name, namespace)}. With a URL it owns the HikariCP pool it
 * builds and closes it on {@link #close()}; a {@code DataSource} is only borrowed. Thread-safe: every call borrows a
 * connection of its own.
 *
 * <p>The table is created with its indexes when missing and {@code autoMigrate} is on. An existing table is never
 * dropped or rewritten: when it lacks columns or the unique index, opening fails with
 * {@link ErrorCode#METADATA_TABLE_MISMATCH} giving the statements that would fix it, which the loader runs itself only
 * with the option {@code addMissingColumns=true}.
 */
public final class JdbcMetadataLoader implements MetadataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMetadataLoader.class);

    /** The option that lets the loader add missing columns and the unique index itself. */
    public static final String ADD_MISSING_COLUMNS = "addMissingColumns";

    /** The table's columns, in order. */
    static final List<String> COLUMNS =
            List.of("id", "type", "name", "namespace", "scope", "body", "checksum", "created_at", "updated_at");

    private static final int TYPE_MAX = 100;
    private static final int NAME_MAX = 200;
    private static final int NAMESPACE_MAX = 100;
    private static final int FETCH_SIZE = 1000;
    private static final int BATCH_SIZE = 500;

    private final MetadataLoaderConfig config;
    private final JdbcBackend backend;
    private final Dialect dialect;
    private final boolean postgres;
    private final String schema;
    private final String table;
    private final String qualified;
    private final String display;
    private final String uniqueIndex;
    private final String namespaceIndex;
    private final String selectSql;
    private final String orderBy;
    private final String upsertSql;
    private final String deleteSql;
    private volatile List<MetadataProblem> problems = List.of();

    private JdbcMetadataLoader(MetadataLoaderConfig config, JdbcBackend backend, String schema) {
        this.config = config;
        this.backend = backend;
        this.dialect = backend.dialect();
        this.postgres = dialect.family().equals(JdbcUrl.POSTGRESQL);
        this.schema = Identifiers.require("schema", schema);
        this.table = config.table();
        this.qualified = dialect.qualify(schema, table);
        this.display = schema + "." + table;
        String prefix = table.length() > 50 ? table.substring(0, 50) : table;
        this.uniqueIndex = prefix + "_tnn_uk";
        this.namespaceIndex = prefix + "_ns_idx";
        this.selectSql = "SELECT type, name, namespace, scope, body, checksum, "
                + (postgres ? "updated_at" : "CAST(updated_at AS CHAR)") + " FROM " + qualified;
        // One order on both products, independent of the database's collation.
        this.orderBy = postgres
                ? " ORDER BY type COLLATE \"C\", namespace COLLATE \"C\", name COLLATE \"C\""
                : " ORDER BY type, namespace, name";
        String columns = " (type, name, namespace, scope, body, checksum, created_at, updated_at)";
        this.upsertSql = postgres
                ? "INSERT INTO " + qualified + columns + " VALUES (?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?)"
                        + " ON CONFLICT (type, name, namespace) DO UPDATE SET scope = EXCLUDED.scope,"
                        + " body = EXCLUDED.body, checksum = EXCLUDED.checksum, updated_at = EXCLUDED.updated_at"
                : "INSERT INTO " + qualified + columns + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE scope = VALUES(scope), body = VALUES(body),"
                        + " checksum = VALUES(checksum), updated_at = VALUES(updated_at)";
        this.deleteSql = "DELETE FROM " + qualified + " WHERE type = ? AND name = ? AND namespace = ?";
    }

    /**
     * Opens the loader: builds or borrows the connection, then checks (and with {@code autoMigrate} creates) the table.
     *
     * @throws MetadataException with {@link ErrorCode#METADATA_TABLE_MISMATCH} when the table is missing and
     *     {@code autoMigrate} is off, or lacks columns or the unique index; with {@link ErrorCode#DATABASE_ERROR} when
     *     the catalog cannot be read or the table cannot be created
     * @throws ConfigurationException for an invalid option
     */
    public static JdbcMetadataLoader open(MetadataLoaderConfig config) {
        Identifiers.require("metadata table", config.table());
        if (config.schema() != null) {
            Identifiers.require("schema", config.schema());
        }
        String add = config.options().get(ADD_MISSING_COLUMNS);
        if (add != null && !add.equals("true") && !add.equals("false")) {
            throw new ConfigurationException("Metadata loader '" + config.name() + "': option " + ADD_MISSING_COLUMNS
                    + " is '" + add + "'; allowed: true or false.");
        }
        JdbcBackend backend = JdbcBackend.open(config.connection());
        try {
            String schema = config.schema() != null ? config.schema() : backend.defaultSchema();
            JdbcMetadataLoader loader = new JdbcMetadataLoader(config, backend, schema);
            loader.prepareTable();
            LOG.debug("[{}] database: loader on {} ({}), autoMigrate {}", config.name(), loader.display,
                    config.connection().maskedUrl(), config.autoMigrate());
            return loader;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- the table

    private void prepareTable() {
        try (Connection c = backend.workConnection()) {
            if (!dialect.tableExists(c, schema, table)) {
                if (!config.autoMigrate()) {
                    throw new MetadataException(ErrorCode.METADATA_TABLE_MISMATCH, "Metadata table " + display
                            + " of loader '" + config.name() + "' does not exist and autoMigrate is off. Create it"
                            + " with the statements below, or enable autoMigrate"
                            + " (MetadataLoaderConfig.withAutoMigrate(true)) to have the loader create it:\n"
                            + statements(createStatements()));
                }
                createTable(c);
            }
            checkTable(c);
        } catch (SQLException e) {
            throw databaseError("prepare the table", e, "Check that the user may read the catalog"
                    + (config.autoMigrate() ? " and create tables and indexes in schema " + schema : "") + ".");
        }
    }

    private List<String> createStatements() {
        if (postgres) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified + " (");
            for (int i = 0; i < COLUMNS.size(); i++) {
                ddl.append(i == 0 ? "" : ", ").append(COLUMNS.get(i)).append(' ').append(definition(COLUMNS.get(i), false));
            }
            ddl.append(')');
            return List.of(ddl.toString(),
                    "CREATE UNIQUE INDEX IF NOT EXISTS " + dialect.quote(uniqueIndex) + " ON " + qualified
                            + " (type, name, namespace)",
                    "CREATE INDEX IF NOT EXISTS " + dialect.quote(namespaceIndex) + " ON " + qualified + " (namespace)");
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified + " (");
        for (String column : COLUMNS) {
            ddl.append(column).append(' ').append(definition(column, false)).append(", ");
        }
        ddl.append("UNIQUE KEY ").append(dialect.quote(uniqueIndex)).append(" (type, name, namespace), ")
                .append("KEY ").append(dialect.quote(namespaceIndex)).append(" (namespace)")
                .append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        return List.of(ddl.toString());
    }

    /**
     * A column's type and constraints. Columns added to an existing table get defaults, so that rows already there
     * satisfy NOT NULL: the configured scope, an empty body and an empty checksum (computed from the body on read).
     * MySQL's identity columns compare byte for byte, as PostgreSQL's do, so that {@code Order} and {@code order}
     * are two items on both.
     */
    private String definition(String column, boolean adding) {
        String bin = postgres ? "" : " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        return switch (column) {
            case "id" -> postgres ? "BIGSERIAL PRIMARY KEY" : "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
            case "type" -> "VARCHAR(" + TYPE_MAX + ")" + bin + " NOT NULL";
            case "name" -> "VARCHAR(" + NAME_MAX + ")" + bin + " NOT NULL";
            case "namespace" -> "VARCHAR(" + NAMESPACE_MAX + ")" + bin + " NOT NULL DEFAULT '"
                    + MetadataItem.DEFAULT_NAMESPACE + "'";
            case "scope" -> "VARCHAR(10) NOT NULL" + (adding ? " DEFAULT '" + config.scope().name() + "'" : "");
            case "body" -> (postgres ? "JSONB" : "JSON") + " NOT NULL"
                    + (adding ? (postgres ? " DEFAULT '{}'" : " DEFAULT ('{}')") : "");
            case "checksum" -> "CHAR(64) NOT NULL" + (adding ? " DEFAULT ''" : "");
            case "created_at", "updated_at" -> postgres
                    ? "TIMESTAMPTZ NOT NULL DEFAULT now()"
                    : "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)";
            default -> throw new IllegalArgumentException(column);
        };
    }

    private void createTable(Connection c) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (postgres) {
                    // DDL in one transaction behind an advisory lock: two instances starting at once would otherwise
                    // race on the catalog's unique indexes even with IF NOT EXISTS.
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement();
                            PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, Dialect.lockHash("metadata", schema, table));
                        lock.execute();
                        createSchemaIfMissing(c, s);
                        for (String ddl : createStatements()) {
                            s.execute(ddl);
                        }
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        rollbackQuietly(c, e);
                        throw e;
                    } finally {
                        c.setAutoCommit(true);
                    }
                } else {
                    try (Statement s = c.createStatement()) {
                        createSchemaIfMissing(c, s);
                        for (String ddl : createStatements()) {
                            s.execute(ddl);
                        }
                    }
                }
                LOG.info("[{}] created metadata table {} with its indexes", config.name(), display);
                return;
            } catch (SQLException e) {
                if (attempt < 3 && dialect.isConcurrentCreate(e)) {
                    LOG.debug("[{}] another instance is creating {} ({}); checking again", config.name(), display,
                            e.getMessage());
                    continue;
                }
                throw e;
            }
        }
    }

    private void createSchemaIfMissing(Connection c, Statement s) throws SQLException {
        if (config.schema() != null && !dialect.schemaExists(c, schema)) {
            s.execute(dialect.createSchemaSql(schema));
            LOG.info("[{}] created schema {}", config.name(), schema);
        }
    }

    /** Compares the table with the expected columns and indexes; never changes it unless asked to. */
    private void checkTable(Connection c) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> missing = COLUMNS.stream().filter(col -> !present.contains(col)).toList();
        Map<String, List<String>> indexes = indexes(c);
        boolean unique = indexes.entrySet().stream().anyMatch(e -> e.getKey().startsWith("unique:")
                && Set.copyOf(e.getValue()).equals(Set.of("type", "name", "namespace")) && e.getValue().size() == 3);
        boolean byNamespace = indexes.values().stream().anyMatch(cols -> cols.get(0).equals("namespace"));

        List<String> fixes = new ArrayList<>();
        for (String column : missing) {
            fixes.add("ALTER TABLE " + qualified + " ADD COLUMN " + dialect.quote(column) + " " + definition(column, true));
        }
        if (!unique) {
            fixes.add("CREATE UNIQUE INDEX " + dialect.quote(uniqueIndex) + " ON " + qualified + " (type, name, namespace)");
        }
        String namespaceFix = "CREATE INDEX " + dialect.quote(namespaceIndex) + " ON " + qualified + " (namespace)";
        if (!byNamespace) {
            fixes.add(namespaceFix);
        }
        if (fixes.isEmpty()) {
            return;
        }
        boolean add = "true".equals(config.options().get(ADD_MISSING_COLUMNS));
        if (missing.isEmpty() && unique && !add) {
            // Only slower, never wrong: say what to run and go on.
            LOG.warn("[{}] metadata table {} has no index on namespace; lists by namespace scan the table. Add it with:"
                    + " {}", config.name(), display, namespaceFix);
            return;
        }
        if (!add) {
            List<String> lacks = new ArrayList<>();
            if (!missing.isEmpty()) {
                lacks.add("columns " + missing);
            }
            if (!unique) {
                lacks.add("the unique index on (type, name, namespace)");
            }
            throw new MetadataException(ErrorCode.METADATA_TABLE_MISMATCH, "Metadata table " + display + " of loader '"
                    + config.name() + "' lacks " + String.join(" and ", lacks) + ". The table was not changed (it is"
                    + " never dropped or rewritten). Run these statements, or set the loader option "
                    + ADD_MISSING_COLUMNS + "=true to have the loader run exactly them:\n" + statements(fixes));
        }
        applyFixes(c, fixes);
        LOG.warn("[{}] {}=true: added to metadata table {}: {}", config.name(), ADD_MISSING_COLUMNS, display,
                String.join("; ", fixes));
    }

    private void applyFixes(Connection c, List<String> fixes) throws SQLException {
        // PostgreSQL: all or none. MySQL commits each DDL statement by itself.
        c.setAutoCommit(!postgres);
        try (Statement s = c.createStatement()) {
            for (String fix : fixes) {
                s.execute(fix);
            }
            if (postgres) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (postgres) {
                rollbackQuietly(c, e);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** {@code unique:NAME} or {@code index:NAME} to the index's columns in order. */
    private Map<String, List<String>> indexes(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, TreeMap<Integer, String>> found = new LinkedHashMap<>();
        try (ResultSet rs = postgres
                ? meta.getIndexInfo(null, schema, table, false, true)
                : meta.getIndexInfo(schema, null, table, false, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null) {
                    continue;
                }
                String key = (rs.getBoolean("NON_UNIQUE") ? "index:" : "unique:") + index;
                found.computeIfAbsent(key, k -> new TreeMap<>())
                        .put((int) rs.getShort("ORDINAL_POSITION"), column.toLowerCase(Locale.ROOT).replace("\"", ""));
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        found.forEach((k, v) -> result.put(k, List.copyOf(v.values())));
        return result;
    }

    private static String statements(List<String> statements) {
        return "  " + String.join(";\n  ", statements) + ";";
    }

    // ---------------------------------------------------------------- the loader

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String protocol() {
        return "database:";
    }

    @Override
    public MetadataCapabilities capabilities() {
        return new MetadataCapabilities(true, true, false, true);
    }

    /** The schema and table, e.g. {@code public._framework_metadata}. */
    public String table() {
        return display;
    }

    @Override
    public Optional<MetadataItem> get(String type, String name, String namespace) {
        String ns = namespace == null ? MetadataItem.DEFAULT_NAMESPACE : namespace;
        try (Connection c = backend.workConnection();
                PreparedStatement ps = c.prepareStatement(selectSql + " WHERE type = ? AND name = ? AND namespace = ?")) {
            ps.setString(1, type);
            ps.setString(2, name);
            ps.setString(3, ns);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Row row = row(rs);
                if (row.problem() != null) {
                    throw new MetadataException(ErrorCode.METADATA_INVALID, row.problem().toString(),
                            List.of(row.problem()), null);
                }
                return Optional.of(row.item());
            }
        } catch (SQLException e) {
            throw databaseError("read " + MetadataItem.key(type, name, ns), e, "Check that the table is readable.");
        }
    }

    @Override
    public List<MetadataItem> list(MetadataQuery query) {
        MetadataQuery q = query == null ? MetadataQuery.all() : query;
        StringBuilder sql = new StringBuilder(selectSql);
        List<String> args = new ArrayList<>();
        if (q.type() != null) {
            sql.append(args.isEmpty() ? " WHERE " : " AND ").append("type = ?");
            args.add(q.type());
        }
        if (q.namespace() != null) {
            sql.append(args.isEmpty() ? " WHERE " : " AND ").append("namespace = ?");
            args.add(q.namespace());
        }
        if (q.scope() != null) {
            sql.append(args.isEmpty() ? " WHERE " : " AND ").append("scope = ?");
            args.add(q.scope().name());
        }
        sql.append(orderBy);
        List<MetadataItem> items = new ArrayList<>();
        List<MetadataProblem> found = new ArrayList<>();
        try (Connection c = backend.workConnection()) {
            boolean auto = c.getAutoCommit();
            // pgjdbc honours the fetch size only inside a transaction (a cursor); without one it reads every row first.
            if (postgres && auto) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Row row = row(rs);
                        if (row.problem() != null) {
                            found.add(row.problem());
                        } else {
                            items.add(row.item());
                        }
                    }
                }
            } finally {
                if (postgres && auto) {
                    c.rollback(); // read only: nothing to keep
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw databaseError("list " + describe(q), e, "Check that the table is readable.");
        }
        if (!found.isEmpty()) {
            LOG.warn("[{}] {} rows of {} cannot be read and are left out: {}", config.name(), found.size(), display,
                    found.get(0));
        }
        problems = List.copyOf(found);
        return List.copyOf(items);
    }

    @Override
    public List<MetadataProblem> problems() {
        return problems;
    }

    @Override
    public MetadataItem save(MetadataItem item) {
        Prepared p = prepare(item);
        if (p.problem() != null) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Cannot save " + item.key() + " in " + display + ": "
                    + p.problem().message() + ".", List.of(p.problem()), null);
        }
        Instant now = now();
        try (Connection c = backend.workConnection();
                PreparedStatement ps = c.prepareStatement(upsertSql)) {
            bind(ps, p, now);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit(); // a borrowed data source may hand out connections outside autocommit
            }
        } catch (SQLException e) {
            throw databaseError("save " + item.key(), e, "Nothing was saved; check that the user may write the table.");
        }
        return item.stored(p.checksum(), now);
    }

    /** All items or none, in one transaction; of two items with the same key the later one is saved. */
    @Override
    public List<MetadataItem> saveAll(List<MetadataItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Map<String, Prepared> byKey = new LinkedHashMap<>();
        List<MetadataProblem> invalid = new ArrayList<>();
        for (MetadataItem item : items) {
            Prepared p = prepare(item);
            if (p.problem() != null) {
                invalid.add(p.problem());
            } else {
                byKey.remove(item.key()); // the later one wins, in its own position
                byKey.put(item.key(), p);
            }
        }
        if (!invalid.isEmpty()) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Nothing was saved in " + display + ": "
                    + invalid.size() + " of " + items.size() + " items are invalid: " + invalid.get(0)
                    + (invalid.size() > 1 ? " (and " + (invalid.size() - 1) + " more, see problems())" : "")
                    + ".", invalid, null);
        }
        Instant now = now();
        try (Connection c = backend.workConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
                int n = 0;
                for (Prepared p : byKey.values()) {
                    bind(ps, p, now);
                    ps.addBatch();
                    if (++n % BATCH_SIZE == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw databaseError("save " + items.size() + " items", e, "The transaction was rolled back: nothing was"
                    + " saved. Fix the cause and save them again.");
        }
        List<MetadataItem> saved = new ArrayList<>(items.size());
        for (MetadataItem item : items) {
            saved.add(item.stored(byKey.get(item.key()).checksum(), now));
        }
        return List.copyOf(saved);
    }

    @Override
    public boolean delete(String type, String name, String namespace) {
        String ns = namespace == null ? MetadataItem.DEFAULT_NAMESPACE : namespace;
        try (Connection c = backend.workConnection();
                PreparedStatement ps = c.prepareStatement(deleteSql)) {
            ps.setString(1, type);
            ps.setString(2, name);
            ps.setString(3, ns);
            int n = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n > 0;
        } catch (SQLException e) {
            throw databaseError("delete " + MetadataItem.key(type, name, ns), e,
                    "Nothing was deleted; check that the user may write the table.");
        }
    }

    /** Closes the pool this loader built; a borrowed data source is left open. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "JdbcMetadataLoader[" + config.name() + ", " + config.connection().maskedUrl() + ", " + display + "]";
    }

    // ---------------------------------------------------------------- rows

    /** An item ready to write: its JSON and checksum, or why it cannot be written. */
    private record Prepared(MetadataItem item, String json, String checksum, MetadataProblem problem) {}

    /** A row read: an item, or why it cannot be read. */
    private record Row(MetadataItem item, MetadataProblem problem) {}

    private Prepared prepare(MetadataItem item) {
        String problem = tooLong("type", item.type(), TYPE_MAX);
        if (problem == null) {
            problem = tooLong("name", item.name(), NAME_MAX);
        }
        if (problem == null) {
            problem = tooLong("namespace", item.namespace(), NAMESPACE_MAX);
        }
        String json = null;
        if (problem == null) {
            try {
                json = JsonValues.write(item.body());
            } catch (IllegalArgumentException e) {
                problem = "its body cannot be stored as JSON: " + e.getMessage();
            }
        }
        if (problem != null) {
            return new Prepared(item, null, null, new MetadataProblem(config.name(), display, item.key(), problem));
        }
        return new Prepared(item, json, MetadataItem.checksumOf(item.body()), null);
    }

    private static String tooLong(String what, String value, int max) {
        if (value.isBlank()) {
            return "its " + what + " is empty; give one of 1 to " + max + " characters";
        }
        int length = value.codePointCount(0, value.length());
        return length > max ? "its " + what + " has " + length + " characters; the column holds at most " + max : null;
    }

    private void bind(PreparedStatement ps, Prepared p, Instant now) throws SQLException {
        MetadataItem item = p.item();
        ps.setString(1, item.type());
        ps.setString(2, item.name());
        ps.setString(3, item.namespace());
        ps.setString(4, item.scope().name());
        ps.setString(5, p.json());
        ps.setString(6, p.checksum());
        dialect.setInstant(ps, 7, now);
        dialect.setInstant(ps, 8, now);
    }

    private Row row(ResultSet rs) throws SQLException {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String namespace = rs.getString(3);
        String key = MetadataItem.key(type, name, namespace);
        String scopeText = rs.getString(4);
        MetadataScope scope;
        try {
            scope = MetadataScope.valueOf(scopeText == null ? "" : scopeText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return bad(key, "its scope is '" + scopeText + "'; expected SYSTEM or USER");
        }
        Object body;
        try {
            body = JsonValues.read(rs.getString(5));
        } catch (IOException | RuntimeException e) {
            return bad(key, "its body is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(body instanceof Map<?, ?> map)) {
            return bad(key, "its body is " + (body == null ? "null" : "a JSON " + (body instanceof List ? "array"
                    : "scalar")) + "; a body is a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        String checksum = rs.getString(6);
        if (checksum == null || checksum.isBlank()) {
            checksum = MetadataItem.checksumOf(values); // a row written before the checksum column was added
        } else {
            checksum = checksum.strip();
        }
        Instant updated = dialect.getInstant(rs, 7);
        return new Row(new MetadataItem(type, name, namespace, scope, values, checksum, Optional.ofNullable(updated)),
                null);
    }

    private Row bad(String key, String message) {
        return new Row(null, new MetadataProblem(config.name(), display, key, message + "; fix or delete the row"));
    }

    // ---------------------------------------------------------------- helpers

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS); // what DATETIME(3) keeps, on both products
    }

    private static String describe(MetadataQuery q) {
        List<String> parts = new ArrayList<>();
        if (q.type() != null) {
            parts.add("type " + q.type());
        }
        if (q.namespace() != null) {
            parts.add("namespace " + q.namespace());
        }
        if (q.scope() != null) {
            parts.add("scope " + q.scope());
        }
        return parts.isEmpty() ? "all items" : "items of " + String.join(", ", parts);
    }

    private MetadataException databaseError(String what, SQLException e, String todo) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
        reason = mask(reason);
        return new MetadataException(ErrorCode.DATABASE_ERROR, "Metadata loader '" + config.name() + "' could not " + what
                + " in " + display + " (" + config.connection().maskedUrl() + "): " + reason + " (SQLSTATE "
                + cause.getSQLState() + "). " + todo, List.of(), e);
    }

    private String mask(String message) {
        String masked = ConnectionConfig.mask(message);
        String password = config.connection().password();
        if (password == null && config.connection().url() != null) {
            password = JdbcUrl.parse(config.connection().url()).userInfoPassword();
        }
        if (password != null && password.length() >= 3) {
            masked = masked.replace(password, "****");
        }
        return masked;
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
