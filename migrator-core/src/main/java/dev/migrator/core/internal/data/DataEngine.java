package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a sub-engine (a project copy) needs of data migrations: run one, and ask where one stands. Sub-engines depend
 * on this rather than on the public {@code MigrationManager}.
 */
public interface DataEngine {

    /** Runs a data migration, as {@code MigrationManager.migrateData} does (system schemas refused first). */
    DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options);

    /** Where a data migration stands, as {@code MigrationManager.dataStatus} says. */
    DataMigrationStatus dataStatus(DataMigration migration);

    /** The two operations as one engine. */
    static DataEngine of(BiFunction<DataMigration, DataMigrationOptions, DataMigrationResult> run,
            Function<DataMigration, DataMigrationStatus> status) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(status, "status");
        return new DataEngine() {
            @Override
            public DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options) {
                return run.apply(migration, options);
            }

            @Override
            public DataMigrationStatus dataStatus(DataMigration migration) {
                return status.apply(migration);
            }
        };
    }
}
