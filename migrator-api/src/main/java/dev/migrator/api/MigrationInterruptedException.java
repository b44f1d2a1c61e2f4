package dev.migrator.api;

/** The thread was interrupted while migrating; the interrupt flag is set again. */
public class MigrationInterruptedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public MigrationInterruptedException(String message) {
        super(ErrorCode.INTERRUPTED, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public MigrationInterruptedException(String message, Throwable cause) {
        super(ErrorCode.INTERRUPTED, message, cause);
    }
}
