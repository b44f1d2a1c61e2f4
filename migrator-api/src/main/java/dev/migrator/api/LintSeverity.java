package dev.migrator.api;

/** How much a {@link LintFinding} matters. */
public enum LintSeverity {
    /** Locks a busy table for long, rewrites it, or fails on the server: fix it or suppress it with a reason. */
    ERROR,
    /** Breaks the version of the application that is still running, or destroys data: check it was meant. */
    WARNING,
    /** Worth knowing, safe as it stands: a statement on a small table, or one the linter did not analyse. */
    INFO
}
