package dev.migrator.api;

import java.util.Objects;

/**
 * One rule of the migration linter, as documented: its id ({@code PG001}, {@code MY002}, {@code LINT001}...), the
 * severity it has on a big table, a one-line title and the help text (why it is dangerous, what to write instead).
 *
 * @param id stable id, used in {@code -- migrator:lint-ignore ID reason}
 * @param severity the severity on a big table (findings on smaller tables may be lower)
 * @param title one line, e.g. {@code CREATE INDEX without CONCURRENTLY}
 * @param help why it is dangerous and the safe rewrite
 */
public record LintRule(String id, LintSeverity severity, String title, String help) {

    /**
     * Checks that nothing is null.
     *
     * @param id stable id, used in {@code -- migrator:lint-ignore ID reason}
     * @param severity the severity on a big table (findings on smaller tables may be lower)
     * @param title one line, e.g. {@code CREATE INDEX without CONCURRENTLY}
     * @param help why it is dangerous and the safe rewrite
     */
    public LintRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(help, "help");
    }
}
