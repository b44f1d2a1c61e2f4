package dev.migrator.api;

/** A setting is missing, malformed or out of range; the message names the option, the value and what is allowed. */
public class ConfigurationException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what happened and what to do.
     *
     * @param message what happened, where, and what to do; never holds a password
     */
    public ConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIGURATION, message);
    }

    /**
     * Creates the exception with a message that says what happened and what to do, and its cause.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public ConfigurationException(String message, Throwable cause) {
        super(ErrorCode.INVALID_CONFIGURATION, message, cause);
    }
}
