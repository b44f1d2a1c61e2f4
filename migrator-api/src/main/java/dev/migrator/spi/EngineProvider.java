package dev.migrator.spi;

import dev.migrator.api.MigrationManager;

/** Builds managers; implemented by {@code migrator-core}. */
public interface EngineProvider {

    /** Builds a manager from validated settings. */
    MigrationManager create(MigrationSettings settings);
}
