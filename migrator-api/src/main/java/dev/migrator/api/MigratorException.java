package dev.migrator.api;

/**
 * Base of every error migrator raises. Each subclass carries a stable {@link ErrorCode} for programs and a message
 * for people that says what happened, where, and what to do. Messages never contain passwords.
 */
public abstract class MigratorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this failure. */
    private final ErrorCode code;

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     */
    protected MigratorException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    protected MigratorException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** {@return the stable code of this failure, for programs and exit codes} */
    public ErrorCode code() {
        return code;
    }
}
