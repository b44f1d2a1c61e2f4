package dev.migrator.api;

/** A schema, table or other name coming from outside is not a plain identifier; it is never concatenated into SQL. */
public class InvalidIdentifierException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public InvalidIdentifierException(String message) {
        super(ErrorCode.INVALID_IDENTIFIER, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public InvalidIdentifierException(String message, Throwable cause) {
        super(ErrorCode.INVALID_IDENTIFIER, message, cause);
    }
}
