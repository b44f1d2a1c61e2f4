package dev.migrator.core.internal;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataMigrations;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.project.ProjectRunner;
import java.util.List;
import java.util.Objects;

/**
 * The engine's {@link DataMigrations}: data migrations through the guarded engine ({@link GuardedData}, which
 * refuses system schemas before anything opens), project copies through their runner.
 */
final class EngineData implements DataMigrations {

    private final DataEngine dataEngine;
    private final ProjectRunner projectRunner;

    EngineData(DataEngine dataEngine, ProjectRunner projectRunner) {
        this.dataEngine = dataEngine;
        this.projectRunner = projectRunner;
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
}
