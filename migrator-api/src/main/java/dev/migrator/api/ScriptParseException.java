package dev.migrator.api;

/** A script could not be read or parsed; the message names the script, the line and the column where known. */
public class ScriptParseException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message naming the script and position.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public ScriptParseException(String message) {
        super(ErrorCode.INVALID_SCRIPT, message);
    }

    /**
     * Creates the exception with a message naming the script and position, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public ScriptParseException(String message, Throwable cause) {
        super(ErrorCode.INVALID_SCRIPT, message, cause);
    }
}
