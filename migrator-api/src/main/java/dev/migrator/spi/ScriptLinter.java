package dev.migrator.spi;

import dev.migrator.api.LintRule;
import dev.migrator.api.LintSeverity;
import java.util.List;
import java.util.Objects;

/**
 * A backend's migration linter on one target ({@link TargetSession#linter}): classifies each statement of a script
 * and judges it against the live database (table sizes, indexes, constraints, server version). The engine splits the
 * scripts, hands them over in version order, and owns what is common to every backend: suppression comments, the
 * script and target in each finding, "not analysed" findings for Java code. Not thread-safe; lives as long as its
 * session.
 *
 * <p>A linter remembers what the scripts handed to it earlier create, so a table created by a pending script is
 * treated as new and empty in the scripts after it. A statement it cannot classify is reported as {@link
 * LintSeverity#INFO} with the rule {@link #NOT_ANALYSED}, never passed silently.
 */
public interface ScriptLinter {

    /** The rule id of a statement (or script) the linter could not analyse. */
    String NOT_ANALYSED = "LINT001";

    /** {@return every rule this linter may report, with its documentation} */
    List<LintRule> rules();

    /**
     * Lints one script's statements.
     *
     * @param script the script's label, its statements, and whether it runs in one transaction
     * @return the findings, in statement order
     * @throws dev.migrator.api.DatabaseException when reading the catalog fails
     */
    List<Finding> lint(Input script);

    /**
     * One script to lint.
     *
     * @param label the script for messages, e.g. {@code V2__index (db/V2__index.sql)}
     * @param transactional whether the engine will run the whole script in one transaction
     * @param statements the statements as the backend split them, placeholders substituted
     */
    record Input(String label, boolean transactional, List<ParsedStatement> statements) {
        /**
         * Copies the statements.
         *
         * @param label the script for messages, e.g. {@code V2__index (db/V2__index.sql)}
         * @param transactional whether the engine will run the whole script in one transaction
         * @param statements the statements as the backend split them, placeholders substituted
         */
        public Input {
            Objects.requireNonNull(label, "label");
            statements = List.copyOf(statements);
        }
    }

    /**
     * A finding of one statement.
     *
     * @param ruleId the rule, one of {@link #rules()}
     * @param severity its severity here
     * @param statement the statement's 0-based index in {@link Input#statements()}
     * @param reason what the statement does here and why it is dangerous
     * @param fix the safe rewrite
     */
    record Finding(String ruleId, LintSeverity severity, int statement, String reason, String fix) {
        /**
         * Checks that nothing is null.
         *
         * @param ruleId the rule, one of {@link #rules()}
         * @param severity its severity here
         * @param statement the statement's 0-based index in {@link Input#statements()}
         * @param reason what the statement does here and why it is dangerous
         * @param fix the safe rewrite
         */
        public Finding {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(fix, "fix");
        }
    }
}
