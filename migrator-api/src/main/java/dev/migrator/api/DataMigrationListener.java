package dev.migrator.api;

/**
 * Hooks and progress of data migrations. Called on the migration's own threads: return quickly. An exception thrown
 * by {@link #before} stops the run before anything is written; exceptions from the others are logged and ignored.
 */
public interface DataMigrationListener {

    /**
     * Before anything is read or written (after the checks of the source and targets).
     *
     * @param migration the migration about to run
     * @param options the options it runs with
     */
    default void before(DataMigration migration, DataMigrationOptions options) {}

    /**
     * After each batch and each stage, at most about ten times a second.
     *
     * @param progress the counts so far and the current stage
     */
    default void onProgress(DataProgress progress) {}

    /**
     * After a successful run (a dry run included).
     *
     * @param result the run's report
     */
    default void after(DataMigrationResult result) {}

    /**
     * After a failed run, before its exception is thrown; {@code failure.result()} has the partial report.
     *
     * @param failure the exception about to be thrown, with the partial report
     */
    default void onFailure(DataMigrationException failure) {}
}
