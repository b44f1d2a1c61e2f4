package dev.migrator.api;

/** Code run as a script's up or down. It runs in the script's transaction when the script has one. */
@FunctionalInterface
public interface JavaMigration {

    /**
     * Applies the change.
     *
     * @param context the target, its schema and the backend's native handle (a {@link java.sql.Connection} on JDBC)
     * @throws Exception any failure; the script is then reported as failed
     */
    void migrate(MigrationContext context) throws Exception;
}
