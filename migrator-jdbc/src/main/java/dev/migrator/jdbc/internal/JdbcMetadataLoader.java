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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public static final String ADD_MISSING_COLUMNS = JdbcMetadataTable.ADD_MISSING_COLUMNS;

    private static final int FETCH_SIZE = 1000;
    private static final int BATCH_SIZE = 500;

    private final MetadataLoaderConfig config;
    private final JdbcBackend backend;
    private final MetadataTableSql tableSql;
    private final JdbcMetadataTable metadataTable;
    private final JdbcMetadataRows rows;
    private final String display;
    private final String selectSql;
    private final String upsertSql;
    private final String deleteSql;
    private volatile List<MetadataProblem> problems = List.of();

    private JdbcMetadataLoader(MetadataLoaderConfig config, JdbcBackend backend, String schema) {
        this.config = config;
        this.backend = backend;
        Dialect dialect = backend.dialect();
        this.tableSql = dialect.metadataSql();
        this.metadataTable = new JdbcMetadataTable(config, dialect, Identifiers.require("schema", schema));
        this.display = metadataTable.display();
        this.rows = new JdbcMetadataRows(config.name(), display, dialect);
        String qualified = metadataTable.qualified();
        this.selectSql = "SELECT type, name, namespace, scope, body, checksum, " + tableSql.updatedAtSelect() + " FROM "
                + qualified;
        this.upsertSql = tableSql.upsert(qualified);
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

    private void prepareTable() {
        try (Connection c = backend.workConnection()) {
            metadataTable.prepare(c);
        } catch (SQLException e) {
            throw databaseError("prepare the table", e, "Check that the user may read the catalog"
                    + (config.autoMigrate() ? " and create tables and indexes in schema " + metadataTable.schema() : "")
                    + ".");
        }
    }

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
                JdbcMetadataRows.Row row = rows.row(rs);
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
        sql.append(tableSql.orderByIdentity());
        List<MetadataItem> items = new ArrayList<>();
        List<MetadataProblem> found = new ArrayList<>();
        try (Connection c = backend.workConnection()) {
            boolean auto = c.getAutoCommit();
            if (tableSql.cursorNeedsTransaction() && auto) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JdbcMetadataRows.Row row = rows.row(rs);
                        if (row.problem() != null) {
                            found.add(row.problem());
                        } else {
                            items.add(row.item());
                        }
                    }
                }
            } finally {
                if (tableSql.cursorNeedsTransaction() && auto) {
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
        JdbcMetadataRows.Prepared p = rows.prepare(item);
        if (p.problem() != null) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Cannot save " + item.key() + " in " + display + ": "
                    + p.problem().message() + ".", List.of(p.problem()), null);
        }
        Instant now = now();
        try (Connection c = backend.workConnection();
                PreparedStatement ps = c.prepareStatement(upsertSql)) {
            rows.bind(ps, p, now);
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
        Map<String, JdbcMetadataRows.Prepared> byKey = new LinkedHashMap<>();
        List<MetadataProblem> invalid = new ArrayList<>();
        for (MetadataItem item : items) {
            JdbcMetadataRows.Prepared p = rows.prepare(item);
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
                for (JdbcMetadataRows.Prepared p : byKey.values()) {
                    rows.bind(ps, p, now);
                    ps.addBatch();
                    if (++n % BATCH_SIZE == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                JdbcMetadataTable.rollbackQuietly(c, e);
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
}
