package dev.migrator.api;

/** The database reported an error outside any script statement (reading history, taking a lock...). */
public class DatabaseException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what happened and what to do. */
    public DatabaseException(String message) {
        super(ErrorCode.DATABASE_ERROR, message);
    }

    /** Creates the exception with a message that says what happened and what to do, and its cause. */
    public DatabaseException(String message, Throwable cause) {
        super(ErrorCode.DATABASE_ERROR, message, cause);
    }
}
