package dev.migrator.core.internal;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.data.DataRunner;
import dev.migrator.core.internal.util.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * The data runner behind the one check every data migration passes first, whoever asks (the public API or a project
 * copy): no system schema is read or written, and this is refused before anything opens.
 */
final class GuardedData implements DataEngine {

    private final DataRunner dataRunner;

    GuardedData(DataRunner dataRunner) {
        this.dataRunner = dataRunner;
    }

    @Override
    public DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options) {
        refuseSystemSchemas(migration);
        return dataRunner.run(migration, options);
    }

    @Override
    public DataMigrationStatus dataStatus(DataMigration migration) {
        refuseSystemSchemas(migration);
        return dataRunner.status(migration);
    }

    /** Before a data migration opens anything: its table source and targets name no system schema. */
    private static void refuseSystemSchemas(DataMigration migration) {
        String what = "Data migration " + migration.name();
        if (migration.source() instanceof RecordSource.Table table) {
            Identifiers.refuseSystemSchemaOf(table.table(), what + " source " + table.table());
        }
        List<DataTarget> targets = new ArrayList<>(migration.targets().values());
        if (migration.defaultTarget() != null) {
            targets.add(migration.defaultTarget());
        }
        for (DataTarget target : targets) {
            Identifiers.refuseSystemSchemaOf(target.table(), what + " target " + target.table());
        }
    }
}
