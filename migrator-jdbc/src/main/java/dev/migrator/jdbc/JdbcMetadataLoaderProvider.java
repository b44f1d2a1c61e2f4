package dev.migrator.jdbc;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.jdbc.internal.JdbcMetadataLoader;
import dev.migrator.jdbc.internal.JdbcUrl;
import dev.migrator.spi.MetadataLoaderProvider;

/**
 * The {@code database:} metadata loader on PostgreSQL and MySQL/MariaDB, found by {@link java.util.ServiceLoader}. It
 * serves configs with protocol {@code database:} whose connection is a {@code jdbc:postgresql:}, {@code jdbc:mysql:}
 * or {@code jdbc:mariadb:} URL, or a {@code DataSource} (its product is checked when the loader opens).
 *
 * <p>With a URL the loader builds its own HikariCP pool and closes it when closed; a data source is borrowed and never
 * closed. Options: {@code addMissingColumns=true} lets it add missing columns and the unique index to an existing
 * table instead of failing with {@code METADATA_TABLE_MISMATCH}.
 */
public final class JdbcMetadataLoaderProvider implements MetadataLoaderProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcMetadataLoaderProvider() {}

    @Override
    public String protocol() {
        return "database:";
    }

    @Override
    public boolean supports(MetadataLoaderConfig config) {
        ConnectionConfig connection = config.connection();
        if (!"database:".equalsIgnoreCase(config.protocol()) || connection == null) {
            return false;
        }
        return connection.url() != null ? JdbcUrl.isSupported(connection.url()) : connection.dataSource() != null;
    }

    /**
     * Opens the loader, creating the table and its indexes when missing and {@code autoMigrate} is on.
     *
     * @throws dev.migrator.api.MetadataException with {@code METADATA_TABLE_MISMATCH} when the table is missing
     *     without autoMigrate or lacks columns (naming them and the statements that add them), with
     *     {@code DATABASE_ERROR} when the database refuses
     * @throws ConfigurationException when the config is not one this provider serves, or an option is invalid
     */
    @Override
    public MetadataLoader open(MetadataLoaderConfig config) {
        if (!supports(config)) {
            throw new ConfigurationException("Metadata loader '" + config.name() + "' has protocol " + config.protocol()
                    + " and connection " + (config.connection() == null ? "none" : config.connection().maskedUrl())
                    + "; migrator-jdbc serves database: with a jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb: URL or a"
                    + " DataSource.");
        }
        return JdbcMetadataLoader.open(config);
    }
}
