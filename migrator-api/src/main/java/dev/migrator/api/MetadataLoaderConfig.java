package dev.migrator.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a loader through {@link MetadataLoaders#open}: a name, a protocol and where.
 *
 * @param name the loader's name
 * @param protocol {@code file:}, {@code database:}, {@code mongodb:}
 * @param directory the folder of a {@code file:} loader, else {@code null}
 * @param connection the database of a {@code database:} or {@code mongodb:} loader (a JDBC URL or a MongoDB URI with
 *     its credentials, or a {@code DataSource}), else {@code null}
 * @param schema the schema (MongoDB: database) holding the table or collection; {@code null} for the connection's
 * @param table the table or collection, {@code _framework_metadata} unless given
 * @param autoMigrate whether a missing table or collection is created with its indexes
 * @param scope the scope of items a {@code file:} loader reads (files carry none); {@code SYSTEM} unless given
 * @param options further loader-specific settings
 */
public record MetadataLoaderConfig(String name, String protocol, Path directory, ConnectionConfig connection, String schema,
        String table, boolean autoMigrate, MetadataScope scope, Map<String, String> options) {

    /** The default table or collection. */
    public static final String DEFAULT_TABLE = "_framework_metadata";

    /**
     * Checks the name and protocol and fills defaults.
     *
     * @param name the loader's name
     * @param protocol {@code file:}, {@code database:}, {@code mongodb:}
     * @param directory the folder of a {@code file:} loader, else {@code null}
     * @param connection the database of a {@code database:} or {@code mongodb:} loader (a JDBC URL or a MongoDB URI
     *     with its credentials, or a {@code DataSource}), else {@code null}
     * @param schema the schema (MongoDB: database) holding the table or collection; {@code null} for the connection's
     * @param table the table or collection, {@code _framework_metadata} unless given
     * @param autoMigrate whether a missing table or collection is created with its indexes
     * @param scope the scope of items a {@code file:} loader reads (files carry none); {@code SYSTEM} unless given
     * @param options further loader-specific settings
     */
    public MetadataLoaderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        table = table == null ? DEFAULT_TABLE : table;
        scope = scope == null ? MetadataScope.SYSTEM : scope;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /**
     * {@return a folder of {@code {name}.{type}.json} and {@code .yaml} files}
     *
     * @param name the loader's name, which strategies refer to
     * @param directory the folder of item files
     */
    public static MetadataLoaderConfig file(String name, Path directory) {
        return new MetadataLoaderConfig(name, "file:", directory, null, null, null, false, MetadataScope.SYSTEM, Map.of());
    }

    /**
     * {@return a table in a JDBC database, created with its indexes when missing}
     *
     * @param name the loader's name, which strategies refer to
     * @param url the JDBC URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}; never shown
     * @param schema the schema of the table
     */
    public static MetadataLoaderConfig database(String name, String url, String user, String password, String schema) {
        return new MetadataLoaderConfig(name, "database:", null, ConnectionConfig.of(name, url, user, password), schema, null,
                true, MetadataScope.USER, Map.of());
    }

    /**
     * {@return a collection in a MongoDB database (the URI's), created with its indexes when missing}
     *
     * @param name the loader's name, which strategies refer to
     * @param uri the MongoDB URI, naming the database
     */
    public static MetadataLoaderConfig mongodb(String name, String uri) {
        return new MetadataLoaderConfig(name, "mongodb:", null, ConnectionConfig.of(name, uri, null, null), null, null, true,
                MetadataScope.USER, Map.of());
    }

    /**
     * {@return this config with another table or collection}
     *
     * @param t the table or collection name
     */
    public MetadataLoaderConfig withTable(String t) {
        return new MetadataLoaderConfig(name, protocol, directory, connection, schema, t, autoMigrate, scope, options);
    }

    /**
     * {@return this config with auto-migrate on or off}
     *
     * @param on {@code true} to create a missing table or collection, {@code false} to fail instead
     */
    public MetadataLoaderConfig withAutoMigrate(boolean on) {
        return new MetadataLoaderConfig(name, protocol, directory, connection, schema, table, on, scope, options);
    }

    /**
     * {@return this config with another scope for what it reads}
     *
     * @param s the scope of the items it reads
     */
    public MetadataLoaderConfig withScope(MetadataScope s) {
        return new MetadataLoaderConfig(name, protocol, directory, connection, schema, table, autoMigrate, s, options);
    }
}
