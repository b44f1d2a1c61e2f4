package dev.migrator.api;

/** The database could not be reached or refused the login; the message names host and port, never the password. */
public class ConnectionFailedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public ConnectionFailedException(String message) {
        super(ErrorCode.CONNECTION_FAILED, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public ConnectionFailedException(String message, Throwable cause) {
        super(ErrorCode.CONNECTION_FAILED, message, cause);
    }
}
