package dev.migrator.cli;

/** A failure found by the command-line tool itself (not by the library), with its exit code. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String code;

    CliException(int exitCode, String code, String message) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, "USAGE", message);
    }

    int exitCode() {
        return exitCode;
    }

    String code() {
        return code;
    }
}
