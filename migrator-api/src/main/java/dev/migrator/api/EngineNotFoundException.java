package dev.migrator.api;

/** No engine was found on the class path; add {@code dev.migrator:migrator-core}. */
public class EngineNotFoundException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public EngineNotFoundException(String message) {
        super(ErrorCode.ENGINE_NOT_FOUND, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public EngineNotFoundException(String message, Throwable cause) {
        super(ErrorCode.ENGINE_NOT_FOUND, message, cause);
    }
}
