package dev.migrator.spi;

import java.time.Duration;

/**
 * A lock for one target, native to the database (PostgreSQL session advisory lock, MySQL {@code GET_LOCK}), held on a
 * connection of its own and released by the database if the holder dies. Its key is derived from the schema and the
 * history table, so different tenants do not block each other.
 */
public interface TargetLock {

    /**
     * Tries to take the lock, waiting up to {@code timeout}.
     *
     * @param timeout the longest wait for the lock
     * @return whether the lock is now held
     * @throws InterruptedException when interrupted while waiting
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /** {@return whether this session holds the lock and its connection is alive} */
    boolean isHeld();

    /** Releases the lock if held. */
    void release();

    /**
     * Removes the lock whoever holds it, for an operator who knows its holder is gone.
     *
     * @return whether a lock was removed
     * @throws dev.migrator.api.ConfigurationException when the lock is native and freed only by its holder's
     *     connection ending (the default)
     */
    default boolean forceRelease() {
        throw new dev.migrator.api.ConfigurationException("The lock " + describe() + " is native to the database: the "
                + "database frees it when its holder's connection ends, and cannot be unlocked by force from here. End "
                + "the holder's connection instead (PostgreSQL: pg_terminate_backend(pid); MySQL: KILL id).");
    }

    /** {@return a description of the key, for messages, e.g. {@code pg_advisory_lock(8231...)}} */
    String describe();
}
