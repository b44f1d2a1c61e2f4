package dev.migrator.api;

/**
 * Base of every error migrator raises. Each subclass carries a stable {@link ErrorCode} for programs and a message
 * for people that says what happened, where, and what to do. Messages never contain passwords.
 */
public abstract class MigratorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    protected MigratorException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    protected MigratorException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable code of this failure, for programs and exit codes. */
    public ErrorCode code() {
        return code;
    }
}
