package dev.migrator.spi;

import java.util.Optional;

/**
 * Work on one schema of one connection, on one work connection. Not thread-safe. The lock uses a connection of its
 * own, so statements that refuse to run inside a transaction never wait on the lock holder.
 *
 * <p>Every method throws {@link dev.migrator.api.DatabaseException} (or {@link
 * dev.migrator.api.ConnectionFailedException}) when the database fails, with the database's message and SQL state.
 */
public interface TargetSession extends AutoCloseable {

    /** {@return the schema this session works on} */
    String schema();

    /** {@return whether the schema exists} */
    boolean schemaExists();

    /** Creates the schema if it does not exist (quoted identifier). */
    void createSchema();

    /**
     * {@return the lock of this schema and history table, native to the database and freed by it when the holder dies}
     */
    TargetLock lock();

    /** {@return the history of this schema} */
    HistoryStore history();

    /** Starts a transaction on the work connection. */
    void begin();

    /** Commits the transaction. */
    void commit();

    /**
     * Rolls the transaction back; nothing when none is open (the engine calls it before releasing the lock of a run that
     * ended abruptly); never throws for an already broken connection.
     */
    void rollback();

    /**
     * Executes one statement on the work connection, in the current transaction if one is open.
     *
     * @param statement the statement, as the backend's parser gave it
     * @throws StatementException when the database rejects the statement
     */
    void execute(ParsedStatement statement);

    /**
     * {@return a migration linter working over this session's connection: a capability, empty (the default) when the
     * backend has no lint rules} The linter is valid while the session is open.
     *
     * @param threshold when a table counts as big
     */
    default Optional<ScriptLinter> linter(dev.migrator.api.LintThreshold threshold) {
        return Optional.empty();
    }

    /**
     * Bounds how long statements of this session wait for locks: a capability, empty (the default) when the backend has
     * no such setting (MongoDB). The same instance on every call.
     *
     * @return the lock-wait limit, or empty when the backend has no such setting
     */
    default Optional<LockWaitLimit> lockWaitLimit() {
        return Optional.empty();
    }

    /**
     * {@return the native handle for Java migrations, e.g. {@code java.sql.Connection}; empty when not of that type}
     *
     * @param <T> the handle's type
     * @param type the handle's type, e.g. {@code java.sql.Connection.class}
     */
    <T> Optional<T> unwrap(Class<T> type);

    /** Releases the lock if held and returns the connections. */
    @Override
    void close();
}
