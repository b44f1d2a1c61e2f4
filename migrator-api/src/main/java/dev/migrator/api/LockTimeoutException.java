package dev.migrator.api;

/** Another run held the target's lock for longer than the lock timeout. */
public class LockTimeoutException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what happened and what to do. */
    public LockTimeoutException(String message) {
        super(ErrorCode.LOCK_TIMEOUT, message);
    }

    /** Creates the exception with a message that says what happened and what to do, and its cause. */
    public LockTimeoutException(String message, Throwable cause) {
        super(ErrorCode.LOCK_TIMEOUT, message, cause);
    }
}
