package dev.migrator.api;

import java.util.Map;

/** What Java code running as a script sees. Valid only during that call. */
public interface MigrationContext {

    /** The target, with its schema resolved. */
    Target target();

    /** The resolved schema (database on MySQL/MariaDB and MongoDB). */
    String schema();

    /** The placeholders in force, {@code schema} and {@code environment} included. */
    Map<String, String> placeholders();

    /**
     * Runs one statement in the backend's language (SQL on JDBC) in the script's transaction.
     *
     * @throws DatabaseException when the database rejects it
     */
    void execute(String statement);

    /**
     * The backend's native handle: {@code java.sql.Connection} on JDBC. Borrowed; do not close it.
     *
     * @throws ConfigurationException when the backend has no handle of that type
     */
    <T> T unwrap(Class<T> type);
}
