package dev.migrator.spi;

import java.time.Duration;

/**
 * How long statements on a session's work connection may wait for a lock another session holds, and which failures are
 * such a wait running out: a capability of a {@link TargetSession} ({@link TargetSession#lockWaitLimit()}). The engine
 * owns the rules (which statements are limited, when to run one again, how long to pause); the backend knows its
 * database's setting and error codes. Not thread-safe; bound to its session.
 */
public interface LockWaitLimit {

    /**
     * Limits every following statement's wait for a lock to {@code timeout} (rounded up where the database counts
     * coarser units), in the session, outside any transaction. The first call after {@link #restore()} (or ever)
     * remembers the session's own setting.
     *
     * @param timeout positive
     * @throws dev.migrator.api.DatabaseException when the database refuses the setting
     */
    void apply(Duration timeout);

    /**
     * Puts back the session's own setting that {@link #apply(Duration)} found; nothing when none is applied. Called
     * outside any transaction. The connection may be the caller's own (a borrowed data source), so it must never keep a
     * changed setting.
     *
     * @throws dev.migrator.api.DatabaseException when the database refuses the setting
     */
    void restore();

    /**
     * {@return whether {@code failure} is a statement that gave up waiting for a lock (PostgreSQL SQLSTATE 55P03,
     * MySQL/MariaDB error 1205): the statement changed nothing and may run again once the transaction it ran in, if
     * any, is rolled back}
     *
     * @param failure the statement's failure
     */
    boolean timedOut(StatementException failure);

    /** {@return the database's name for the setting, for messages, e.g. {@code lock_timeout}} */
    String settingName();

    /**
     * {@return a query a user runs to find the sessions that may hold the lock (open transactions, oldest first), for
     * messages}
     */
    String blockersQuery();
}
