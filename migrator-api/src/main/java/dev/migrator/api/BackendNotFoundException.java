package dev.migrator.api;

/** No backend on the class path accepts a connection; the message lists the backends found and the artifact to add. */
public class BackendNotFoundException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public BackendNotFoundException(String message) {
        super(ErrorCode.BACKEND_NOT_FOUND, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public BackendNotFoundException(String message, Throwable cause) {
        super(ErrorCode.BACKEND_NOT_FOUND, message, cause);
    }
}
