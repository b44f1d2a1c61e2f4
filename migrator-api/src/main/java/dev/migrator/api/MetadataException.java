package dev.migrator.api;

import java.util.List;

/**
 * A metadata operation failed. {@link #code()}: {@link ErrorCode#METADATA_INVALID} (validation, unknown type, name
 * format), {@link ErrorCode#METADATA_DUPLICATE}, {@link ErrorCode#METADATA_TABLE_MISMATCH} (an existing table lacks
 * columns: the message names them and gives the statements that add them), {@link ErrorCode#METADATA_NOT_WRITABLE},
 * {@link ErrorCode#METADATA_IMPORT_FAILED} (nothing was written) or {@link ErrorCode#DATABASE_ERROR}.
 */
public class MetadataException extends MigratorException {

    private static final long serialVersionUID = 1L;

    private final transient List<MetadataProblem> problems;

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param problems every problem found, each naming the item; copied
     * @param cause the failure that led to this one
     */
    public MetadataException(ErrorCode code, String message, List<MetadataProblem> problems, Throwable cause) {
        super(code, message, cause);
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /**
     * Creates the exception.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     */
    public MetadataException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    /** {@return the problems behind it, one per item or file} */
    public List<MetadataProblem> problems() {
        return problems;
    }
}
