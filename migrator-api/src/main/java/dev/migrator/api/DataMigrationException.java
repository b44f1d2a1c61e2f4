package dev.migrator.api;

/**
 * A data migration failed or was refused. {@link #code()} says why: {@link ErrorCode#DATA_SOURCE_INVALID} (malformed
 * input: file, line and column), {@link ErrorCode#DATA_RECORD_INVALID} (validation or conversion: the field and the
 * value), {@link ErrorCode#DATA_CONFLICT} (a conflict with {@code fail}), {@link ErrorCode#DATA_TARGET_INVALID} (a
 * missing table or key column, found before anything is written), {@link ErrorCode#DATA_SOURCE_CHANGED} (a resume
 * over a changed source or definition, refused before anything is written), {@link ErrorCode#DATA_ERROR_RATE} or
 * {@link ErrorCode#DATA_FAILED}. {@link #result()} has the partial report, including whether the targets were
 * restored from the backup this run took before its first write.
 */
public class DataMigrationException extends MigratorException {

    private static final long serialVersionUID = 1L;

    private final transient DataMigrationResult result;

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param result the report up to the failure, or {@code null} when the run was refused before it started
     * @param cause the failure that led to this one
     */
    public DataMigrationException(ErrorCode code, String message, DataMigrationResult result, Throwable cause) {
        super(code, message, cause);
        this.result = result;
    }

    /** {@return the report up to the failure; {@code null} when the run was refused before it started} */
    public DataMigrationResult result() {
        return result;
    }
}
