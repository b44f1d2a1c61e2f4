package dev.migrator.api;

/** An earlier run left a failed script in the history (databases without transactional DDL); run {@code repair()} or migrate with {@code resumeFailed}. */
public class FailedMigrationPendingException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public FailedMigrationPendingException(String message) {
        super(ErrorCode.FAILED_MIGRATION_PENDING, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public FailedMigrationPendingException(String message, Throwable cause) {
        super(ErrorCode.FAILED_MIGRATION_PENDING, message, cause);
    }
}
