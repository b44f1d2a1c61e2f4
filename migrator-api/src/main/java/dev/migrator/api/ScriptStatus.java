package dev.migrator.api;

import java.time.Duration;
import java.time.Instant;

/** One script's state on one target. Each state carries only the data it has. */
public sealed interface ScriptStatus
        permits ScriptStatus.Pending,
                ScriptStatus.Applied,
                ScriptStatus.Baseline,
                ScriptStatus.Failed,
                ScriptStatus.Missing,
                ScriptStatus.ChecksumChanged,
                ScriptStatus.OutOfOrder {

    /** {@return the target, schema resolved} */
    Target target();

    /** {@return the version} */
    Version version();

    /** {@return the name} */
    String name();

    /** {@return the state, for switching and display} */
    ScriptState state();

    /** Not applied yet. */
    record Pending(Target target, Version version, String name) implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.PENDING;
        }
    }

    /** Applied and unchanged. */
    record Applied(Target target, Version version, String name, Instant appliedAt, Duration duration, String installedBy)
            implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.APPLIED;
        }
    }

    /** Counted as applied by a baseline. */
    record Baseline(Target target, Version version, String name, Instant appliedAt) implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.BASELINE;
        }
    }

    /**
     * Failed in an earlier run after completing some statements, or stopped there: a script run outside a
     * transaction is recorded as failed before its first statement and its count raised after each one, so a killed
     * run leaves it in this state; the statement after {@code statementsCompleted} may then have completed as well.
     * Also what a script still running in another process shows.
     */
    record Failed(Target target, Version version, String name, Instant failedAt, int statementsCompleted)
            implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.FAILED;
        }
    }

    /** In the history but not found locally. */
    record Missing(Target target, Version version, String name, Instant appliedAt) implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.MISSING;
        }
    }

    /** Applied, but the text changed since. */
    record ChecksumChanged(
            Target target, Version version, String name, Instant appliedAt, String recordedChecksum, String localChecksum)
            implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.CHECKSUM_CHANGED;
        }
    }

    /** Pending but older than the newest applied script. */
    record OutOfOrder(Target target, Version version, String name) implements ScriptStatus {
        @Override
        public ScriptState state() {
            return ScriptState.OUT_OF_ORDER;
        }
    }
}
