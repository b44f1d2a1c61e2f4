package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.LintFinding;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import org.junit.jupiter.api.Test;

/**
 * A backend without a linter (the fake one, as MongoDB): each script is reported once as not analysed, INFO, never an
 * error, so lint-before-migrate FAIL still migrates.
 */
class LintWithoutRulesTest {

    @Test
    void lint_backendWithoutRules_reportsEachScriptAsNotAnalysedAndMigrateGoesOn() {
        try (MigrationManager manager = MigrationManager.builder()
                .connection("core", "fake:mem:lint_" + System.nanoTime(), null, null)
                .lintBeforeMigrate(LintMode.FAIL)
                .script(Script.of("1", "first", "CREATE TABLE a (id int)", null))
                .script(Script.of("2", "second", "DROP TABLE a", null))
                .build()) {

            LintReport report = manager.lint();

            assertThat(report.findings()).extracting(LintFinding::ruleId, LintFinding::severity, f -> f.version().toString(),
                            LintFinding::statementIndex, LintFinding::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("LINT000", LintSeverity.INFO, "1", 0,
                                    "No lint rules for fake: the script was not analysed."),
                            org.assertj.core.groups.Tuple.tuple("LINT000", LintSeverity.INFO, "2", 0,
                                    "No lint rules for fake: the script was not analysed."));
            assertThat(report.rules()).extracting(r -> r.id()).containsExactly("LINT000", "LINT001", "LINT002");
            assertThat(manager.migrate().targets().get(0).applied()).hasSize(2);
        }
    }
}
