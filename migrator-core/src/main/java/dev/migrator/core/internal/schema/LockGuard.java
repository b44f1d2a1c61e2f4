package dev.migrator.core.internal.schema;

import dev.migrator.api.DatabaseException;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's lock around every write: take it, run the body (which reads the history again first), release it
 * whatever happens. Also checks, between scripts, that the lock is still held.
 */
final class LockGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LockGuard.class);
    private static final long LOCK_CHECK_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();

    private final TargetScope scope;

    LockGuard(TargetScope scope) {
        this.scope = scope;
    }

    /**
     * Runs {@code body} holding the target's lock on {@code session}, and releases the lock however the body ends. The
     * body reads the history it acts on itself, under the lock; anything read before is only a hint.
     */
    <T> T underLock(TargetSession session, Function<Held, T> body) {
        // Take the lock before reading history: two instances that read first could both see V5 as pending and
        // apply it twice.
        Held held = acquire(session);
        boolean finished = false;
        try {
            T result = body.apply(held);
            finished = true;
            return result;
        } finally {
            if (!finished) {
                // Ended abruptly (an Error, or a failure the body did not handle): undo an open transaction before the
                // lock goes, so that no other instance takes the lock while this one's uncommitted work still holds its
                // locks. A no-op when no transaction is open.
                rollbackQuietly(session);
            }
            held.lock.release();
        }
    }

    private void rollbackQuietly(TargetSession session) {
        try {
            session.rollback();
        } catch (RuntimeException e) {
            LOG.warn("{}: rolling back after a failed run failed too ({}); the database discards the transaction with "
                    + "the connection.", scope.target(), e.getMessage());
        }
    }

    private Held acquire(TargetSession session) {
        TargetLock lock = session.lock();
        try {
            if (lock.tryAcquire(Duration.ZERO)) {
                scope.events().accept(new MigrationEvent.LockAcquired(scope.target(), Duration.ZERO));
                return new Held(lock);
            }
            long waitFrom = System.nanoTime();
            scope.events().accept(new MigrationEvent.LockWaiting(scope.target()));
            LOG.info("{}: another run holds the lock {}; waiting up to {}", scope.target(), lock.describe(),
                    scope.settings().lockTimeout());
            if (lock.tryAcquire(scope.settings().lockTimeout())) {
                scope.events().accept(new MigrationEvent.LockAcquired(scope.target(),
                        Duration.ofNanos(System.nanoTime() - waitFrom)));
                return new Held(lock);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted while waiting for the lock of " + scope.target()
                    + "; nothing was changed. The interrupt flag is set again.", e);
        }
        throw new LockTimeoutException("Timed out after " + scope.settings().lockTimeout() + " waiting for the lock of "
                + scope.target() + " (" + lock.describe() + "): another migrator run holds it. Wait for it to finish, or raise "
                + "lockTimeout; the database frees the lock by itself when the holder's connection ends.");
    }

    /** A lock this guard took; valid until the body returns. Not thread-safe. */
    final class Held {
        private final TargetLock lock;
        private long checkedAt;

        private Held(TargetLock lock) {
            this.lock = lock;
        }

        /** Throws when the lock was lost (its connection ended) before the next script. */
        void requireHeld() {
            long now = System.nanoTime();
            // Asking the database costs a round trip (about as much as a small script's own work), so it is asked at
            // most every LOCK_CHECK_INTERVAL. A lock lost in between is caught by the database itself on PostgreSQL
            // (a second run's script and history row conflict and roll back) and by the next check elsewhere.
            if (checkedAt != 0 && now - checkedAt < LOCK_CHECK_INTERVAL_NANOS) {
                return;
            }
            checkedAt = now;
            if (!lock.isHeld()) {
                throw new DatabaseException("Lost the lock of " + scope.target() + " (" + lock.describe() + ") before the "
                        + "next script: its connection ended. Nothing more was run; run migrate again.");
            }
        }
    }
}
