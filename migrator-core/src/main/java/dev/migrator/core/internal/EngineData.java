package dev.migrator.core.internal;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataMigrations;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.data.DataRunner;
import dev.migrator.core.internal.project.ProjectRunner;
import dev.migrator.core.internal.util.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The engine's {@link DataMigrations}: refuses system schemas before anything opens, then hands over to the runners. */
final class EngineData implements DataMigrations {

    private final DataEngine dataEngine;
    private final ProjectRunner projectRunner;

    EngineData(DataEngine dataEngine, ProjectRunner projectRunner) {
        this.dataEngine = dataEngine;
        this.projectRunner = projectRunner;
    }

    /** The data runner behind the one check every data migration passes first: no system schema is read or written. */
    static DataEngine guarded(DataRunner dataRunner) {
        return DataEngine.of((migration, options) -> {
            refuseSystemSchemas(migration);
            return dataRunner.run(migration, options);
        }, migration -> {
            refuseSystemSchemas(migration);
            return dataRunner.status(migration);
        });
    }

    @Override
    public DataMigrationResult migrate(DataMigration migration, DataMigrationOptions options) {
        return dataEngine.migrateData(migration, options);
    }

    @Override
    public DataMigrationStatus status(DataMigration migration) {
        return dataEngine.dataStatus(migration);
    }

    @Override
    public ProjectCopyResult copyProject(ProjectCopy project) {
        return projectRunner.copy(Objects.requireNonNull(project, "project"));
    }

    @Override
    public MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism) {
        return projectRunner.copyAll(Objects.requireNonNull(projects, "projects"), parallelism);
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
