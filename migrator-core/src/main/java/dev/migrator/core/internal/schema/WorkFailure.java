package dev.migrator.core.internal.schema;

import dev.migrator.spi.ParsedStatement;
import java.time.Duration;

/** Carries the failing statement's position out of {@link ScriptExecutor} to {@link ScriptFailures}. */
final class WorkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Statements done and committed. */
    final int completed;
    final int index;
    /** The failing statement, or {@code null} (Java code, a read error). */
    final transient ParsedStatement statement;
    /**
     * The last statement that ran but was rolled back with the failing one's group; statements {@code completed + 1}
     * to this one ran and are undone. Equal to {@code completed} when nothing was undone.
     */
    final int undoneThrough;
    /** How long the failing statement ran, when known. */
    final Duration statementTime;
    /** Set when the statement kept timing out waiting for a lock until no attempt was left. */
    final transient LockRetries.GaveUp gaveUp;

    WorkFailure(int completed, int index, ParsedStatement statement, Throwable cause) {
        this(completed, index, statement, cause, completed);
    }

    WorkFailure(int completed, int index, ParsedStatement statement, Throwable cause, int undoneThrough) {
        this(completed, index, statement, cause, undoneThrough, Duration.ZERO, null);
    }

    private WorkFailure(int completed, int index, ParsedStatement statement, Throwable cause, int undoneThrough,
            Duration statementTime, LockRetries.GaveUp gaveUp) {
        super(cause.getMessage(), cause, false, false);
        this.completed = completed;
        this.index = index;
        this.statement = statement;
        this.undoneThrough = undoneThrough;
        this.statementTime = statementTime;
        this.gaveUp = gaveUp;
    }

    /** This failure, its statement having run since {@code startedNanos} ({@link System#nanoTime()}). */
    WorkFailure timed(long startedNanos) {
        return new WorkFailure(completed, index, statement, getCause(), undoneThrough,
                Duration.ofNanos(System.nanoTime() - startedNanos), gaveUp);
    }

    /** This failure, as the last of a statement's lock time-outs. */
    WorkFailure gaveUp(LockRetries.GaveUp how) {
        return new WorkFailure(completed, index, statement, getCause(), undoneThrough, statementTime, how);
    }

    /** The statements that stay done after {@code error}: its own count, or {@code otherwise} for any other error. */
    static int completedOr(RuntimeException error, int otherwise) {
        return error instanceof WorkFailure wf ? wf.completed : otherwise;
    }
}
