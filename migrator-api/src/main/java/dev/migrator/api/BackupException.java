package dev.migrator.api;

/**
 * A backup could not be written, read, verified or restored. {@link #code()} says which problem it is: {@link
 * ErrorCode#BACKUP_NOT_FOUND}, {@link ErrorCode#BACKUP_CORRUPT}, {@link ErrorCode#BACKUP_KEY_INVALID}, {@link
 * ErrorCode#BACKUP_FORMAT_UNSUPPORTED}, {@link ErrorCode#RESTORE_MISMATCH} or {@link ErrorCode#BACKUP_FAILED}. In every
 * case nothing already stored was changed.
 */
public class BackupException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     */
    public BackupException(ErrorCode code, String message) {
        super(code, message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     */
    public BackupException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
