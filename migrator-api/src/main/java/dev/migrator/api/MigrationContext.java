package dev.migrator.api;

import java.util.Map;

/** What Java code running as a script sees. Valid only during that call. */
public interface MigrationContext {

    /** {@return the target, with its schema resolved} */
    Target target();

    /** {@return the resolved schema (database on MySQL/MariaDB and MongoDB)} */
    String schema();

    /** {@return the placeholders in force, {@code schema} and {@code environment} included} */
    Map<String, String> placeholders();

    /**
     * Runs one statement in the backend's language (SQL on JDBC) in the script's transaction.
     *
     * @param statement one statement, e.g. an SQL {@code UPDATE}
     * @throws DatabaseException when the database rejects it
     */
    void execute(String statement);

    /**
     * {@return the backend's native handle: {@code java.sql.Connection} on JDBC} Borrowed; do not close it.
     *
     * @param <T> the handle's type
     * @param type the handle's type, e.g. {@code java.sql.Connection.class}
     * @throws ConfigurationException when the backend has no handle of that type
     */
    <T> T unwrap(Class<T> type);
}
