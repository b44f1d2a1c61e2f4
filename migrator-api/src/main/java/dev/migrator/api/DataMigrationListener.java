package dev.migrator.api;

/**
 * Hooks and progress of data migrations. Called on the migration's own threads: return quickly. An exception thrown
 * by {@link #before} stops the run before anything is written; exceptions from the others are logged and ignored.
 */
public interface DataMigrationListener {

    /** Before anything is read or written (after the checks of the source and targets). */
    default void before(DataMigration migration, DataMigrationOptions options) {}

    /** After each batch and each stage, at most about ten times a second. */
    default void onProgress(DataProgress progress) {}

    /** After a successful run (a dry run included). */
    default void after(DataMigrationResult result) {}

    /** After a failed run, before its exception is thrown; {@code failure.result()} has the partial report. */
    default void onFailure(DataMigrationException failure) {}
}
