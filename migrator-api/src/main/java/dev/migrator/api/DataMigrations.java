package dev.migrator.api;

import java.util.List;

/**
 * Data migrations and project copies of a {@link MigrationManager}, from {@link MigrationManager#data()}: streaming
 * records from a source into target tables in checkpointed batches, and copying a project's tables between
 * connections. Safe to share between threads, as the manager is.
 */
public interface DataMigrations {

    /**
     * Runs a data migration: checks the source and targets, then streams records source → filter → transforms →
     * validation → conflict resolution → target in batches, each batch committed with the migration's checkpoint, so a
     * run that stops resumes after the last committed record with none lost and none written twice. A resume continues
     * the same work only: when the migration's definition changed, or records already read from a source read by
     * position were edited, removed or reordered, it is refused before anything is written. Just before its own first
     * write each run backs up the targets' tables (unless {@link DataMigrationOptions#backup()} is off). Afterwards it
     * verifies what this run is responsible for: counts, checksums (copies) and foreign keys. On a failure, or past the
     * error rate, it restores the targets from this run's backup — never an earlier run's — and puts the checkpoint
     * back to where it stood when this run started.
     *
     * @param migration the migration: source, transforms, validators, targets and conflict strategies
     * @param options batch size, parallelism, dry run, error handling, backup, verification and listeners
     * @return what was read, written, skipped and rejected, with the verification and timings
     * @throws DataMigrationException with the partial report: a missing target table or key column and malformed
     *     input before the first write ({@link ErrorCode#DATA_TARGET_INVALID}, {@link ErrorCode#DATA_SOURCE_INVALID}),
     *     a resume over a changed source or definition ({@link ErrorCode#DATA_SOURCE_CHANGED}), a rejected record
     *     without continue-on-error ({@link ErrorCode#DATA_RECORD_INVALID}, {@link ErrorCode#DATA_CONFLICT}), too many
     *     rejections ({@link ErrorCode#DATA_ERROR_RATE}), or a write failure after the retries
     *     ({@link ErrorCode#DATA_FAILED})
     * @throws InvalidIdentifierException when the source or a target names a system schema; nothing is opened then
     */
    DataMigrationResult migrate(DataMigration migration, DataMigrationOptions options);

    /**
     * As {@link #migrate(DataMigration, DataMigrationOptions)} with the defaults.
     *
     * @param migration the migration: source, transforms, validators, targets and conflict strategies
     * @return what was read, written, skipped and rejected, with the verification and timings
     */
    default DataMigrationResult migrate(DataMigration migration) {
        return migrate(migration, DataMigrationOptions.defaults());
    }

    /**
     * {@return where a data migration stands, from its checkpoint in its target}
     *
     * @param migration the migration: source, transforms, validators, targets and conflict strategies
     * @throws InvalidIdentifierException when the source or a target names a system schema
     */
    DataMigrationStatus status(DataMigration migration);

    /**
     * Copies a project's tables from one connection to another in foreign-key order, each with a data migration
     * ({@link RecordSource#table} to a {@link DataTarget} keyed by the table's primary key, {@link
     * ConflictStrategy#overwrite()}): migrates each target schema first (unless {@link ProjectCopy#migrateTarget()} is
     * off) so the schema migrations create the tables, checks that every source and target table exists, backs up the
     * target tables in one backup (label {@code project_<name>}), copies and verifies each table, and on a failure
     * restores the target tables from that backup before throwing.
     *
     * <p>Each table's data migration is named {@code project_<name>_<schema>_<table>}: a run that stopped (a killed
     * process) resumes each table after its last committed batch; a table whose last copy completed is copied again
     * in full; after a restore every table starts afresh.
     *
     * @param project the source and target connections, schemas, tables and options
     * @return per table, the rows copied and the checks, with the backup taken
     * @throws ProjectCopyException with the partial report: {@link ErrorCode#DATA_SOURCE_INVALID} for a missing source
     *     table or one without a primary key and {@link ErrorCode#DATA_TARGET_INVALID} for a target table the schema
     *     migrations did not create (both before anything is written into the tables), or the failing table copy's
     *     code after the target tables were restored
     * @throws ConfigurationException when the project names an unknown connection, or copies a schema into itself
     */
    ProjectCopyResult copyProject(ProjectCopy project);

    /**
     * Copies many projects with at most {@code parallelism} at once, each as {@link #copyProject(ProjectCopy)} with its
     * own backup, restore and report. A failing project does not stop the others; every outcome is in the result, in
     * the order given. Projects writing the same target tables must not run at once: give them distinct targets.
     *
     * @param projects the project copies, each with distinct target tables
     * @param parallelism how many projects are copied at once, 1 to 32
     * @return one outcome per project, in the order given
     * @throws ConfigurationException when parallelism is outside 1..32, two projects share a name, or a project names
     *     an unknown connection; no project is started then
     */
    MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism);
}
