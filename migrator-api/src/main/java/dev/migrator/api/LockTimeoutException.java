package dev.migrator.api;

/** Another run held the target's lock for longer than the lock timeout. */
public class LockTimeoutException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public LockTimeoutException(String message) {
        super(ErrorCode.LOCK_TIMEOUT, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public LockTimeoutException(String message, Throwable cause) {
        super(ErrorCode.LOCK_TIMEOUT, message, cause);
    }
}
