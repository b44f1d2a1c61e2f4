package dev.migrator.api;

import java.time.Duration;

/** What happens during a run, delivered to {@link MigrationListener}s on the thread doing the work. */
public sealed interface MigrationEvent
        permits MigrationEvent.TargetStarted,
                MigrationEvent.LockWaiting,
                MigrationEvent.ScriptStarted,
                MigrationEvent.ScriptSucceeded,
                MigrationEvent.ScriptFailed,
                MigrationEvent.TargetFinished,
                MigrationEvent.StatementLockRetry {

    /** The target concerned, schema resolved. */
    Target target();

    /** A target's run began; {@code pending} scripts will be applied. */
    record TargetStarted(Target target, int pending) implements MigrationEvent {}

    /** Another run holds the target's lock; this one waits. */
    record LockWaiting(Target target) implements MigrationEvent {}

    /** A script (up, or down when {@code down}) starts. */
    record ScriptStarted(Target target, Version version, String name, boolean down) implements MigrationEvent {}

    /** A script finished and its history entry is stored. */
    record ScriptSucceeded(Target target, Version version, String name, boolean down, Duration duration)
            implements MigrationEvent {}

    /** A script failed. */
    record ScriptFailed(Target target, Version version, String name, boolean down, MigratorException error)
            implements MigrationEvent {}

    /** A target's run ended; {@code applied} scripts ran. */
    record TargetFinished(Target target, int applied, Duration duration) implements MigrationEvent {}

    /**
     * A statement of a script timed out waiting for a lock another session holds, and runs again after {@code backoff}
     * (see {@link MigrationManager.Builder#lockRetries(int, Duration)}). Between attempts nothing of the script waits in
     * the database's lock queue, so the application's queries on the table go through.
     *
     * @param version the script's version
     * @param name the script's name
     * @param statement 1-based index of the statement that timed out
     * @param attempt the attempt that timed out (1 for the first run); the next one is {@code attempt + 1}
     * @param waited how long that attempt ran before the database gave up waiting for the lock
     * @param backoff the pause before the next attempt
     */
    record StatementLockRetry(Target target, Version version, String name, int statement, int attempt, Duration waited,
            Duration backoff) implements MigrationEvent {}
}
