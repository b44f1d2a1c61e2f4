package dev.migrator.api;

/** A rollback needs down scripts that do not exist; nothing was rolled back. */
public class MissingDownScriptException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public MissingDownScriptException(String message) {
        super(ErrorCode.MISSING_DOWN_SCRIPT, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public MissingDownScriptException(String message, Throwable cause) {
        super(ErrorCode.MISSING_DOWN_SCRIPT, message, cause);
    }
}
