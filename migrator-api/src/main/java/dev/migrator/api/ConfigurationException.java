package dev.migrator.api;

/** A setting is missing, malformed or out of range; the message names the option, the value and what is allowed. */
public class ConfigurationException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what happened and what to do. */
    public ConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIGURATION, message);
    }

    /** Creates the exception with a message that says what happened and what to do, and its cause. */
    public ConfigurationException(String message, Throwable cause) {
        super(ErrorCode.INVALID_CONFIGURATION, message, cause);
    }
}
