package dev.migrator.api;

import java.time.Duration;

/**
 * A statement of a script timed out waiting for a lock on every attempt {@link
 * MigrationManager.Builder#lockRetries(int, Duration)} allows: another session (usually an open transaction that read
 * or changed the table) held a conflicting lock the whole time. A {@link ScriptFailedException} with code {@link
 * ErrorCode#STATEMENT_LOCK_TIMEOUT}: the script's history is recorded as for any failed statement, and the message says
 * which statement waited, how long, how to find the blocking session and which setting allows a longer wait.
 */
public class StatementLockTimeoutException extends ScriptFailedException {

    private static final long serialVersionUID = 1L;

    /** How many times the statement ran and timed out. */
    private final int attempts;

    /** How long each attempt waited for the lock. */
    private final Duration lockTimeout;

    /**
     * Creates the exception.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     * @param target the target the script ran on
     * @param version the failing script's version
     * @param scriptName the failing script's name
     * @param statementIndex 1-based index of the failing statement in the script
     * @param line 1-based line where the failing statement starts, 0 when unknown
     * @param statementsCompleted statements of this script that completed and stay applied (0 when rolled back)
     * @param rolledBack whether the database rolled the whole script back
     * @param sqlState the database's SQLSTATE or error code, or {@code null} when it gave none
     * @param attempts how many times the statement ran and timed out
     * @param lockTimeout how long each attempt waited for the lock
     * @see ScriptFailedException#ScriptFailedException(String, Throwable, Target, Version, String, int, int, int,
     *     boolean, String) the other parameters
     */
    public StatementLockTimeoutException(
            String message,
            Throwable cause,
            Target target,
            Version version,
            String scriptName,
            int statementIndex,
            int line,
            int statementsCompleted,
            boolean rolledBack,
            String sqlState,
            int attempts,
            Duration lockTimeout) {
        super(ErrorCode.STATEMENT_LOCK_TIMEOUT, message, cause, target, version, scriptName, statementIndex, line,
                statementsCompleted, rolledBack, sqlState);
        this.attempts = attempts;
        this.lockTimeout = lockTimeout;
    }

    /** {@return how many times the statement ran and timed out waiting for the lock} */
    public int attempts() {
        return attempts;
    }

    /**
     * {@return how long each attempt waited for the lock ({@link
     * MigrationManager.Builder#statementLockTimeout(Duration)})}
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }
}
