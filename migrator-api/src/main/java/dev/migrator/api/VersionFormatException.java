package dev.migrator.api;

/** A version string is not digits separated by dots or underscores. */
public class VersionFormatException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the offending text.
     *
     * @param text the text that is not a version
     */
    public VersionFormatException(String text) {
        super(ErrorCode.INVALID_VERSION, "Invalid version '" + text
                + "': expected numbers separated by dots or underscores, e.g. 1, 1.2.10, 2_1 or 20250101120000.");
    }
}
