package dev.migrator.spi.engine;

import dev.migrator.api.BackupStore;
import dev.migrator.api.MigrationManager;
import java.nio.file.Path;

/** Builds managers; implemented by {@code migrator-core}. */
public interface EngineProvider {

    /** Builds a manager from validated settings. */
    MigrationManager create(MigrationSettings settings);

    /** A file-system backup store in a directory. */
    BackupStore backupStore(Path directory);

    /** Builds a metadata manager from checked settings. */
    dev.migrator.api.MetadataManager metadataManager(MetadataSettings settings);

    /** Reads a configuration file for {@link dev.migrator.api.MigratorConfig#read}. */
    dev.migrator.api.MigratorConfig readConfig(Path file, java.util.function.Function<String, String> environment,
            java.util.Set<String> toolSections);
}
