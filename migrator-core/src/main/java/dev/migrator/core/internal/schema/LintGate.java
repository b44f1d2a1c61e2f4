package dev.migrator.core.internal.schema;

import dev.migrator.api.LintFailedException;
import dev.migrator.api.LintFinding;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintRule;
import dev.migrator.api.LintScope;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.SuppressedFinding;
import dev.migrator.spi.engine.MigrationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lints targets and gathers one report; with lint-before-migrate, decides whether migrate may start. */
final class LintGate {

    private static final Logger LOG = LoggerFactory.getLogger(LintGate.class);

    private final MigrationSettings.Lint settings;
    private final Function<ResolvedTarget, TargetScope> scopes;

    LintGate(MigrationSettings.Lint settings, Function<ResolvedTarget, TargetScope> scopes) {
        this.settings = settings;
        this.scopes = scopes;
    }

    LintReport lint(List<ResolvedTarget> targets, LintScope which, MigrateOptions options) {
        List<LintFinding> findings = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        Map<String, LintRule> rules = new LinkedHashMap<>();
        for (ResolvedTarget rt : targets) {
            LintReport r = new LintCommand(scopes.apply(rt), settings.threshold()).run(which, options);
            findings.addAll(r.findings());
            suppressed.addAll(r.suppressed());
            r.rules().forEach(rule -> rules.putIfAbsent(rule.id(), rule));
        }
        return new LintReport(findings, suppressed, List.copyOf(rules.values()));
    }

    /**
     * Lints the pending scripts before a migrate when asked to: logs the findings, and refuses (before any lock or
     * statement) when an error is left and the mode is FAIL.
     */
    void beforeMigrate(List<ResolvedTarget> targets, MigrateOptions options) {
        if (settings.beforeMigrate() == LintMode.OFF) {
            return;
        }
        LintReport report = lint(targets, LintScope.PENDING, options);
        if (settings.beforeMigrate() == LintMode.FAIL && report.hasErrors()) {
            throw new LintFailedException(report);
        }
        for (LintFinding f : report.findings()) {
            if (f.severity() != LintSeverity.INFO) {
                LOG.warn("{}: lint {} (suppress with -- migrator:lint-ignore {} <reason>)", f.target(), f.describe(),
                        f.ruleId());
            }
        }
    }
}
