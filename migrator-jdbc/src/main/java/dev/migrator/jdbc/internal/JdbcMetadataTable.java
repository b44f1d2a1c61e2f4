package dev.migrator.jdbc.internal;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoaderConfig;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code database:} metadata loader's table: its columns, created with its indexes when missing and
 * {@code autoMigrate} is on, and checked when it exists. An existing table is never dropped or rewritten: what it lacks
 * is reported with the statements that would fix it, which run only with the option {@code addMissingColumns=true}.
 */
final class JdbcMetadataTable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMetadataTable.class);

    /** The option that lets the loader add missing columns and the unique index itself. */
    static final String ADD_MISSING_COLUMNS = "addMissingColumns";

    /** The table's columns, in order. */
    static final List<String> COLUMNS =
            List.of("id", "type", "name", "namespace", "scope", "body", "checksum", "created_at", "updated_at");

    static final int TYPE_MAX = 100;
    static final int NAME_MAX = 200;
    static final int NAMESPACE_MAX = 100;

    /** Whether a column is defined for a new table or added to one that has rows (and so needs a default). */
    private enum Use { CREATE, ADD }

    private final MetadataLoaderConfig config;
    private final Dialect dialect;
    private final MetadataTableSql sql;
    private final String schema;
    private final String table;
    private final String qualified;
    private final String display;
    private final String uniqueIndex;
    private final String namespaceIndex;

    JdbcMetadataTable(MetadataLoaderConfig config, Dialect dialect, String schema) {
        this.config = config;
        this.dialect = dialect;
        this.sql = dialect.metadataSql();
        this.schema = schema;
        this.table = config.table();
        this.qualified = dialect.qualify(schema, table);
        this.display = schema + "." + table;
        String prefix = table.length() > 50 ? table.substring(0, 50) : table;
        this.uniqueIndex = prefix + "_tnn_uk";
        this.namespaceIndex = prefix + "_ns_idx";
    }

    /** The schema and table, e.g. {@code public._framework_metadata}. */
    String display() {
        return display;
    }

    /** The schema the table is in. */
    String schema() {
        return schema;
    }

    /** The quoted, schema-qualified name. */
    String qualified() {
        return qualified;
    }

    /** Creates the table when missing and allowed, then checks it. */
    void prepare(Connection c) throws SQLException {
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
    }

    private List<String> createStatements() {
        List<String> columns = new ArrayList<>();
        for (String column : COLUMNS) {
            columns.add(column + " " + definition(column, Use.CREATE));
        }
        return sql.createStatements(qualified, columns, dialect.quote(uniqueIndex), dialect.quote(namespaceIndex));
    }

    /**
     * A column's type and constraints. Columns added to an existing table get defaults, so that rows already there
     * satisfy NOT NULL: the configured scope, an empty body and an empty checksum (computed from the body on read).
     * MySQL's identity columns compare byte for byte, as PostgreSQL's do, so that {@code Order} and {@code order}
     * are two items on both.
     */
    private String definition(String column, Use use) {
        boolean adding = use == Use.ADD;
        String bin = sql.identityCollation();
        return switch (column) {
            case "id" -> sql.idDefinition();
            case "type" -> "VARCHAR(" + TYPE_MAX + ")" + bin + " NOT NULL";
            case "name" -> "VARCHAR(" + NAME_MAX + ")" + bin + " NOT NULL";
            case "namespace" -> "VARCHAR(" + NAMESPACE_MAX + ")" + bin + " NOT NULL DEFAULT '"
                    + MetadataItem.DEFAULT_NAMESPACE + "'";
            case "scope" -> "VARCHAR(10) NOT NULL" + (adding ? " DEFAULT '" + config.scope().name() + "'" : "");
            case "body" -> sql.jsonType() + " NOT NULL" + (adding ? sql.emptyJsonDefault() : "");
            case "checksum" -> "CHAR(64) NOT NULL" + (adding ? " DEFAULT ''" : "");
            case "created_at", "updated_at" -> sql.timestampDefinition();
            default -> throw new IllegalArgumentException(column);
        };
    }

    private void createTable(Connection c) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (dialect.transactionalDdl()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        sql.lockForCreate(c, schema, table);
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
            fixes.add("ALTER TABLE " + qualified + " ADD COLUMN " + dialect.quote(column) + " " + definition(column, Use.ADD));
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
        boolean transactional = dialect.transactionalDdl();
        c.setAutoCommit(!transactional);
        try (Statement s = c.createStatement()) {
            for (String fix : fixes) {
                s.execute(fix);
            }
            if (transactional) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (transactional) {
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
        try (ResultSet rs = sql.indexInfo(meta, schema, table)) {
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

    /** Rolls back after a failure, keeping a failing rollback as suppressed rather than hiding the failure. */
    static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
