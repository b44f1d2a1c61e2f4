package dev.migrator.api;

/** Two scripts of one target share a version; the message names both. */
public class DuplicateVersionException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public DuplicateVersionException(String message) {
        super(ErrorCode.DUPLICATE_VERSION, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public DuplicateVersionException(String message, Throwable cause) {
        super(ErrorCode.DUPLICATE_VERSION, message, cause);
    }
}
