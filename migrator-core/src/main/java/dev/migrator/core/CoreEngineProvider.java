package dev.migrator.core;

import dev.migrator.api.BackupStore;
import dev.migrator.core.internal.backup.FileBackupStore;
import java.nio.file.Path;

import dev.migrator.api.MigrationManager;
import dev.migrator.core.internal.Engine;
import dev.migrator.spi.engine.EngineProvider;
import dev.migrator.spi.engine.MigrationSettings;

/** The engine of {@code migrator-core}, found by {@link MigrationManager#builder()} through {@link java.util.ServiceLoader}. */
public final class CoreEngineProvider implements EngineProvider {

    /** Public for {@link java.util.ServiceLoader}. */
    public CoreEngineProvider() {}

    @Override
    public MigrationManager create(MigrationSettings settings) {
        return new Engine(settings);
    }

    @Override
    public dev.migrator.api.MetadataManager metadataManager(dev.migrator.spi.engine.MetadataSettings settings) {
        return new dev.migrator.core.internal.metadata.MetadataService(settings);
    }

    @Override
    public BackupStore backupStore(Path directory) {
        return new FileBackupStore(directory);
    }

    @Override
    public dev.migrator.api.MigratorConfig readConfig(Path file, java.util.function.Function<String, String> environment,
            java.util.Set<String> toolSections) {
        return new dev.migrator.core.internal.config.ConfigFile(file, environment).contents(toolSections);
    }
}
