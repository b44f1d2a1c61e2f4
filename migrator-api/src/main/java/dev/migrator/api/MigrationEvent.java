package dev.migrator.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
                MigrationEvent.TargetFinished,
                MigrationEvent.RunStarted,
                MigrationEvent.RunFinished,
                MigrationEvent.LockAcquired,
                MigrationEvent.ScriptStatements,
                MigrationEvent.BackupTaken,
                MigrationEvent.RestoreFinished,
                MigrationEvent.StatementLockRetry {

    /** {@return the target concerned, schema resolved} */
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

    /** The schema commands that send {@link RunStarted} and {@link RunFinished}. */
    enum Operation {
        /** {@code migrate}, {@code migrate(target)}, {@code migrateTo}, {@code migrate(options)} and {@code migrateAll}. */
        MIGRATE,
        /** {@code rollback} and {@code rollbackTo}. */
        ROLLBACK
    }

    /**
     * A run of a schema command began over {@code targets}, before any of them is touched; its target and script
     * events follow on the same thread, except for {@code migrateAll}, whose targets each run on a thread of its pool.
     *
     * @param targets the targets of the run, at least one; {@link #target()} is the first of them
     */
    record RunStarted(Operation operation, List<Target> targets) implements MigrationEvent {
        /**
         * Copies the list; refuses an empty one.
         *
         * @param operation what kind of run it is
         * @param targets the targets of the run, at least one; {@link #target()} is the first of them
         */
        public RunStarted {
            Objects.requireNonNull(operation, "operation");
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("A run has at least one target.");
            }
        }

        /** The first of {@link #targets()}. */
        @Override
        public Target target() {
            return targets.get(0);
        }
    }

    /**
     * A run that sent {@link RunStarted} ended, on the thread that started it.
     *
     * @param failure what the run threw, or empty when it succeeded
     */
    record RunFinished(Operation operation, List<Target> targets, Duration duration, Optional<RuntimeException> failure)
            implements MigrationEvent {
        /**
         * Copies the list; refuses an empty one.
         *
         * @param operation what kind of run it was
         * @param targets the targets of the run, at least one
         * @param duration how long the run took
         * @param failure what the run threw, or empty when it succeeded
         */
        public RunFinished {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(failure, "failure");
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("A run has at least one target.");
            }
        }

        /** The first of {@link #targets()}. */
        @Override
        public Target target() {
            return targets.get(0);
        }
    }

    /** The target's lock was taken after waiting {@code waited} ({@link Duration#ZERO} when it was free). */
    record LockAcquired(Target target, Duration waited) implements MigrationEvent {}

    /**
     * How many statements the script that just started holds (1 for a Java script); sent after its {@link
     * ScriptStarted}, before the statements run.
     */
    record ScriptStatements(Target target, Version version, String name, boolean down, int statements)
            implements MigrationEvent {}

    /**
     * A backup was taken and stored ({@code backupOperations().backup(...)}, and the backup a data migration takes
     * first); the manifest has its size ({@link BackupManifest#byteSize()}), rows and duration.
     */
    record BackupTaken(Target target, BackupManifest manifest) implements MigrationEvent {}

    /**
     * A restore ended, restored or failed: {@code backupOperations().restore(...)}, and the restore a data migration or
     * a project copy runs by itself after a failure to put back the backup it took first. Sent once per restore, on the
     * thread that ran it, after the load committed (or rolled back) and the verification asked for.
     *
     * @param target the connection restored into, with the schema {@link RestoreRequest.Builder#target(Target)} named,
     *     or without a schema when the backup's own schemas were used (a backup may hold tables of several)
     * @param backupId the backup restored, as asked for
     * @param tables how many tables were loaded; 0 when the restore failed
     * @param rows how many rows were loaded ({@link RestoreResult#rowCount()}); 0 when the restore failed, as a failed
     *     load is rolled back where the database can
     * @param duration how long the restore took, verification included
     * @param failure what the restore threw, or empty when it succeeded
     */
    record RestoreFinished(Target target, String backupId, int tables, long rows, Duration duration,
            Optional<RuntimeException> failure) implements MigrationEvent {
        /**
         * Refuses nulls.
         *
         * @param target the connection restored into, with the schema the request named, if any
         * @param backupId the backup restored, as asked for
         * @param tables how many tables were loaded; 0 when the restore failed
         * @param rows how many rows were loaded; 0 when the restore failed
         * @param duration how long the restore took, verification included
         * @param failure what the restore threw, or empty when it succeeded
         */
        public RestoreFinished {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(backupId, "backupId");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(failure, "failure");
        }
    }

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
