package dev.migrator.api;

import java.time.Duration;

/** What happens during a run, delivered to {@link MigrationListener}s on the thread doing the work. */
public sealed interface MigrationEvent
        permits MigrationEvent.TargetStarted,
                MigrationEvent.LockWaiting,
                MigrationEvent.ScriptStarted,
                MigrationEvent.ScriptSucceeded,
                MigrationEvent.ScriptFailed,
                MigrationEvent.RepeatableStarted,
                MigrationEvent.RepeatableSucceeded,
                MigrationEvent.RepeatableFailed,
                MigrationEvent.TargetFinished {

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

    /** A repeatable script (which has no version) starts. */
    record RepeatableStarted(Target target, String name) implements MigrationEvent {}

    /** A repeatable script finished and its history entry is stored. */
    record RepeatableSucceeded(Target target, String name, Duration duration) implements MigrationEvent {}

    /** A repeatable script failed; the next migrate runs it again. */
    record RepeatableFailed(Target target, String name, MigratorException error) implements MigrationEvent {}

    /** A target's run ended; {@code applied} scripts ran. */
    record TargetFinished(Target target, int applied, Duration duration) implements MigrationEvent {}
}
