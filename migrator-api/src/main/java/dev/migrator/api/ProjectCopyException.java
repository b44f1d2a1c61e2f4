package dev.migrator.api;

/**
 * A project copy failed or was refused. {@link #code()} is the failing table copy's code ({@link
 * ErrorCode#DATA_FAILED}, {@link ErrorCode#DATA_RECORD_INVALID}...), {@link ErrorCode#DATA_SOURCE_INVALID} or
 * {@link ErrorCode#DATA_TARGET_INVALID} when a table is missing (found before anything is written), or {@link
 * ErrorCode#DATA_FAILED} when the schema migrations or the backup failed (the cause says why). {@link #projectResult()}
 * is the partial project report, including whether the target tables were restored; {@link #result()} is the failing
 * table's own report, when its data migration got that far.
 */
public class ProjectCopyException extends DataMigrationException {

    private static final long serialVersionUID = 1L;

    private final transient ProjectCopyResult projectResult;

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param projectResult the project's report up to the failure, or {@code null} when the copy was refused before it
     *     started
     * @param result the report of the table whose copy failed, or {@code null} when no table's copy had started
     * @param cause the failure that led to this one
     */
    public ProjectCopyException(ErrorCode code, String message, ProjectCopyResult projectResult, DataMigrationResult result,
            Throwable cause) {
        super(code, message, result, cause);
        this.projectResult = projectResult;
    }

    /** {@return the project's report up to the failure (never {@code null})} */
    public ProjectCopyResult projectResult() {
        return projectResult;
    }
}
