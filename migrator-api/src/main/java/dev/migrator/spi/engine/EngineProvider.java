package dev.migrator.spi.engine;

import dev.migrator.api.BackupStore;
import dev.migrator.api.MigrationManager;
import java.nio.file.Path;

/** Builds managers; implemented by {@code migrator-core}. */
public interface EngineProvider {

    /**
     * Builds a manager from validated settings.
     *
     * @param settings the builder's settings, validated
     * @return the manager; it owns the pools it builds from URLs
     */
    MigrationManager create(MigrationSettings settings);

    /**
     * A file-system backup store in a directory.
     *
     * @param directory the store's directory; created when missing
     * @return the store
     */
    BackupStore backupStore(Path directory);

    /**
     * Builds a metadata manager from checked settings.
     *
     * @param settings the builder's settings, checked
     * @return the metadata manager; it closes its loaders when closed
     */
    dev.migrator.api.MetadataManager metadataManager(MetadataSettings settings);

    /**
     * Reads a configuration file for {@link dev.migrator.api.MigratorConfig#read}.
     *
     * @param file the configuration file, JSON or YAML
     * @param environment the variables {@code ${NAME}} expands from; {@code null} means unset
     * @param toolSections top-level sections the caller reads itself
     * @return the configuration as read, variables expanded
     */
    dev.migrator.api.MigratorConfig readConfig(Path file, java.util.function.Function<String, String> environment,
            java.util.Set<String> toolSections);
}
