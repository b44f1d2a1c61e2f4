package dev.migrator.api;

/** The thread was interrupted while migrating; the interrupt flag is set again. */
public class MigrationInterruptedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what happened and what to do. */
    public MigrationInterruptedException(String message) {
        super(ErrorCode.INTERRUPTED, message);
    }

    /** Creates the exception with a message that says what happened and what to do, and its cause. */
    public MigrationInterruptedException(String message, Throwable cause) {
        super(ErrorCode.INTERRUPTED, message, cause);
    }
}
