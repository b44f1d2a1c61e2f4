package dev.migrator.api;

import java.util.List;

/**
 * What the migration linter found ({@link SchemaMigrations#lint()}): the findings in target, script and statement
 * order, the findings suppressed by {@code -- migrator:lint-ignore} comments with their reasons, and the rules of the
 * linted targets' backends (for reports such as SARIF). Immutable.
 *
 * @param findings the findings left unsuppressed
 * @param suppressed the suppressed findings
 * @param rules the rules that were applied, by id
 */
public record LintReport(List<LintFinding> findings, List<SuppressedFinding> suppressed, List<LintRule> rules) {

    /**
     * Copies the lists.
     *
     * @param findings the findings left unsuppressed
     * @param suppressed the suppressed findings
     * @param rules the rules that were applied, by id
     */
    public LintReport {
        findings = List.copyOf(findings);
        suppressed = List.copyOf(suppressed);
        rules = List.copyOf(rules);
    }

    /** {@return whether any unsuppressed finding is an {@link LintSeverity#ERROR}} */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == LintSeverity.ERROR);
    }

    /**
     * {@return the unsuppressed findings of one severity}
     *
     * @param severity the severity wanted
     */
    public List<LintFinding> findings(LintSeverity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }
}
