package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;

/** Runs data migrations (being written). */
public final class DataRunner {

    public DataMigrationResult run(DataMigration migration, DataMigrationOptions options) {
        throw new UnsupportedOperationException("data migrations are being written");
    }

    public DataMigrationStatus status(DataMigration migration) {
        throw new UnsupportedOperationException("data migrations are being written");
    }
}
