package dev.migrator.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A statement of a script that a lint rule flagged.
 *
 * @param ruleId the rule, e.g. {@code PG001}
 * @param severity how much it matters here (may be lower than the rule's own on a small table)
 * @param target the target the script applies to
 * @param version the script's version
 * @param scriptName the script's name
 * @param source where the script came from: its file's path, {@code classpath:db/migration/V2__index.sql}, or
 *     {@link Script#source()} for a script given in code
 * @param file the script's file when it was found in a file-system location; empty for class-path resources and
 *     scripts given in code
 * @param statementIndex the statement's 1-based index in the script; 0 when the finding is about the whole script or
 *     target
 * @param line the statement's 1-based first line in the script; 0 when the finding is about the whole script or target
 * @param statement the statement, shortened to at most 200 characters on one line; empty for a whole script
 * @param reason what the statement does here and why it is dangerous (names the table and its size where known)
 * @param fix the safe rewrite
 */
public record LintFinding(
        String ruleId,
        LintSeverity severity,
        Target target,
        Version version,
        String scriptName,
        String source,
        Optional<String> file,
        int statementIndex,
        int line,
        String statement,
        String reason,
        String fix) {

    /**
     * Checks that nothing is null.
     *
     * @param ruleId the rule, e.g. {@code PG001}
     * @param severity how much it matters here (may be lower than the rule's own on a small table)
     * @param target the target the script applies to
     * @param version the script's version
     * @param scriptName the script's name
     * @param source where the script came from: its file's path, {@code classpath:db/migration/V2__index.sql}, or
     *     {@link Script#source()} for a script given in code
     * @param file the script's file when it was found in a file-system location; empty for class-path resources and
     *     scripts given in code
     * @param statementIndex the statement's 1-based index in the script; 0 when the finding is about the whole script
     *     or target
     * @param line the statement's 1-based first line in the script; 0 when the finding is about the whole script or
     *     target
     * @param statement the statement, shortened to at most 200 characters on one line; empty for a whole script
     * @param reason what the statement does here and why it is dangerous (names the table and its size where known)
     * @param fix the safe rewrite
     */
    public LintFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@return one line for logs and messages: {@code ERROR PG001 core/public V2__index line 3: reason Fix: fix}} */
    public String describe() {
        return severity + " " + ruleId + " " + target + " V" + version + "__" + scriptName
                + (line > 0 ? " statement " + statementIndex + " (line " + line + ")" : "")
                + (statement.isEmpty() ? "" : ": " + statement)
                + " — " + reason + (fix.isEmpty() ? "" : " Fix: " + fix);
    }
}
