package dev.migrator.api;

/** A requested version is neither a local script nor in the history. */
public class UnknownVersionException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public UnknownVersionException(String message) {
        super(ErrorCode.UNKNOWN_VERSION, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public UnknownVersionException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_VERSION, message, cause);
    }
}
