package dev.migrator.api;

/**
 * {@code migrate} refused to start: with {@code lintBeforeMigrate(LintMode.FAIL)}, the linter found {@link
 * LintSeverity#ERROR} findings in the pending scripts. Nothing was applied and the history is unchanged. The message
 * lists the error findings and says how to suppress one or turn the check off. Code {@link ErrorCode#LINT_FAILED}.
 */
public class LintFailedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    private final transient LintReport report;

    /**
     * Creates the exception from a report that has errors.
     *
     * @param report the linter's report, with at least one unsuppressed error
     */
    public LintFailedException(LintReport report) {
        super(ErrorCode.LINT_FAILED, messageOf(report));
        this.report = report;
    }

    /** {@return the whole report, warnings and suppressed findings included} */
    public LintReport report() {
        return report;
    }

    private static String messageOf(LintReport report) {
        var errors = report.findings(LintSeverity.ERROR);
        StringBuilder sb = new StringBuilder("Migration lint failed: ")
                .append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors")
                .append(" in the pending scripts; nothing was applied.");
        for (LintFinding f : errors) {
            sb.append(System.lineSeparator()).append("  - ").append(f.describe());
        }
        sb.append(System.lineSeparator())
                .append("Rewrite the statement as the fix says, or suppress one finding with a comment on the line before"
                        + " its statement: -- migrator:lint-ignore RULE reason. To migrate without the check, build the"
                        + " manager with lintBeforeMigrate(LintMode.WARN) or lintBeforeMigrate(LintMode.OFF).");
        return sb.toString();
    }
}
