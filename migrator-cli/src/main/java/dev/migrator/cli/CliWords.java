package dev.migrator.cli;

import java.util.List;
import java.util.Map;

/**
 * The library's advice in this tool's commands, flags and config keys. The library's messages name API calls
 * ({@code resumeFailed(true)}, {@code repair()}, {@code RestoreRequest.builder().key(...)}), which a user of the command
 * line cannot make; every message the tool prints passes through {@link #of} (errors, validation problems, status).
 * Longer phrases come first, so that a phrase is replaced as a whole before its parts would be.
 */
final class CliWords {

    /** Where a data migration's advice names its file; replaced by the file, or by "FILE" when there is none. */
    private static final String FILE = "\u0001FILE\u0001";

    private static final List<Map.Entry<String, String>> PHRASES = List.of(
            Map.entry("wait longer with statementLockTimeout(Duration) or more attempts with lockRetries(int, Duration)",
                    "wait longer with --statement-lock-timeout or more attempts with --lock-retries (statementLockTimeout"
                            + " and lockRetries in the config file)"),
            Map.entry("To migrate without the check, build the manager with lintBeforeMigrate(LintMode.WARN) or"
                    + " lintBeforeMigrate(LintMode.OFF).", "To migrate without the check, run 'migrator migrate --lint=warn'"
                    + " (or --lint=off; lintBeforeMigrate in the config file)."),
            Map.entry("migrate with resumeFailed(true)", "run 'migrator migrate --resume-failed'"),
            Map.entry("resumeFailed(true)", "'migrator migrate --resume-failed'"),
            Map.entry("run repair()", "run 'migrator repair'"),
            Map.entry("repair()", "'migrator repair'"),
            Map.entry("allow it with outOfOrder(true)", "allow it with outOfOrder: true in the config file (migrator.yaml)"),
            Map.entry("outOfOrder(true)", "outOfOrder: true in the config file (migrator.yaml)"),
            Map.entry("enable createSchemas(true)", "set createSchemas: true in the config file (migrator.yaml)"),
            Map.entry("createSchemas(true)", "createSchemas: true in the config file (migrator.yaml)"),
            Map.entry("Use baseline(target, version).", "Pass --target CONNECTION[:SCHEMA]."),
            Map.entry("baseline(version) needs", "baseline VERSION needs"),
            Map.entry("(RestoreRequest.builder().key(...))", "(--passphrase-env NAME)"),
            Map.entry("import with continueOnError(true)", "run 'migrator metadata import' with --continue-on-error"),
            Map.entry("run with continueOnError(true)", "run 'migrator data migrate " + FILE + " --continue-on-error' "
                    + "(with --error-log REJECTED.jsonl)"),
            Map.entry("continueOnError(true)", "--continue-on-error"),
            Map.entry("Run it again with DataMigrationOptions.restart(true)", "Run 'migrator data migrate " + FILE
                    + " --restart'"),
            Map.entry("Run it with DataMigrationOptions.restart(true)", "Run 'migrator data migrate " + FILE + " --restart'"),
            Map.entry("DataMigrationOptions.restart(true)", "'migrator data migrate " + FILE + " --restart'"),
            Map.entry("give the changed migration a new name", "give the migration a new name (name: in " + FILE + ")"),
            Map.entry("(create it first, e.g. with migrate())",
                    "(create it first, e.g. with 'migrator migrate --target CONNECTION:SCHEMA')"),
            Map.entry("(MetadataLoaderConfig.withAutoMigrate(true))", "(autoMigrate: true on the loader in the config "
                    + "file's metadata section)"));

    private CliWords() {}

    /** {@code message} with the library's API advice in the tool's words; {@code null} stays {@code null}. */
    static String of(String message) {
        return of(message, null);
    }

    /**
     * As {@link #of(String)}, for a message about the data migration described in {@code dataFile} (as the user wrote
     * it on the command line), which the advice names; {@code null} when there is none.
     */
    static String of(String message, String dataFile) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (Map.Entry<String, String> phrase : PHRASES) {
            out = out.replace(phrase.getKey(), phrase.getValue());
        }
        return out.replace(FILE, dataFile == null ? "FILE" : dataFile);
    }
}
