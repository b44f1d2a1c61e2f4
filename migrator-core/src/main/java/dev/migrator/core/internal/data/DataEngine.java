package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;

/**
 * What a sub-engine (a project copy) needs of data migrations: run one, and ask where one stands. Sub-engines depend
 * on this rather than on the public {@code MigrationManager}.
 */
public interface DataEngine {

    /** Runs a data migration, as {@code MigrationManager.migrateData} does (system schemas refused first). */
    DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options);

    /** Where a data migration stands, as {@code MigrationManager.dataStatus} says. */
    DataMigrationStatus dataStatus(DataMigration migration);

}
