package dev.migrator.core.internal.schema;

import dev.migrator.api.LintRule;
import dev.migrator.api.LintSeverity;
import dev.migrator.spi.ScriptLinter;
import java.util.List;

/** The lint rules of the engine itself, common to every backend. */
final class LintRules {

    static final String NO_RULES = "LINT000";
    static final String IGNORE_WITHOUT_REASON = "LINT002";

    static final List<LintRule> CORE = List.of(
            new LintRule(NO_RULES, LintSeverity.INFO, "No lint rules for this backend",
                    "The target's backend (e.g. MongoDB) offers no lint rules, so its scripts were not analysed."),
            new LintRule(ScriptLinter.NOT_ANALYSED, LintSeverity.INFO, "Statement not analysed",
                    "The linter could not classify the statement (or the script is Java code), so no rule judged it."
                            + " Review it by hand; it was not passed as safe."),
            new LintRule(IGNORE_WITHOUT_REASON, LintSeverity.WARNING, "lint-ignore without a reason",
                    "A '-- migrator:lint-ignore RULE' comment must say why the statement is safe; without a reason it"
                            + " suppresses nothing. Write: -- migrator:lint-ignore RULE <reason>."));

    private LintRules() {}
}
