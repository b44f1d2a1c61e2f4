package dev.migrator.core.internal.schema;

import dev.migrator.api.LintFinding;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintRule;
import dev.migrator.api.LintScope;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.SuppressedFinding;
import dev.migrator.api.TransactionMode;
import dev.migrator.spi.Backend;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptLinter;
import dev.migrator.spi.TargetSession;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lints one target's scripts: reads them as migrate would (placeholders substituted, split by the backend), hands
 * them to the backend's {@link ScriptLinter} in version order, and applies what every backend shares: the {@code --
 * migrator:lint-ignore} comments, "not analysed" findings for Java code and for backends without rules. Reads history
 * without the lock and changes nothing.
 */
final class LintCommand {

    /** A script read whole for linting is refused past this size: it is reported as not analysed instead. */
    static final int MAX_LINT_CHARS = 8 << 20;

    private final TargetScope scope;
    private final LintThreshold threshold;

    LintCommand(TargetScope scope, LintThreshold threshold) {
        this.scope = scope;
        this.threshold = threshold;
    }

    /** What this target's scripts of {@code scope} gave. */
    LintReport run(LintScope which, MigrateOptions options) {
        List<LintFinding> findings = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        List<LintRule> rules = new ArrayList<>(LintRules.CORE);
        try (TargetSession session = scope.openSession()) {
            List<LoadedScript> scripts;
            if (which == LintScope.ALL) {
                scripts = scope.resolved().scripts();
            } else {
                List<HistoryRow> rows = session.schemaExists() ? session.history().read() : List.of();
                HistoryAnalysis analysis = scope.analyse(rows, options.outOfOrder());
                scripts = new ArrayList<>();
                if (analysis.failed != null && analysis.failedScript != null) {
                    scripts.add(analysis.failedScript);
                }
                scripts.addAll(new PendingRules(scope).pending(analysis, options));
            }
            Optional<ScriptLinter> linter = session.linter(threshold);
            linter.ifPresent(l -> rules.addAll(l.rules()));
            for (LoadedScript script : scripts) {
                lintScript(script, linter, findings, suppressed);
            }
        }
        return new LintReport(findings, suppressed, rules);
    }

    private void lintScript(LoadedScript script, Optional<ScriptLinter> linter, List<LintFinding> findings,
            List<SuppressedFinding> suppressed) {
        Backend backend = scope.backend();
        if (linter.isEmpty()) {
            findings.add(whole(script, LintRules.NO_RULES, "No lint rules for " + backend.product()
                    + ": the script was not analysed.", ""));
            return;
        }
        if (!(script.up() instanceof LoadedScript.Text text)) {
            findings.add(whole(script, ScriptLinter.NOT_ANALYSED, "Java code is not analysed by the linter.",
                    "Review what the code changes by hand."));
            return;
        }
        String body = read(script, text);
        if (body == null) {
            findings.add(whole(script, ScriptLinter.NOT_ANALYSED, "The script is larger than " + MAX_LINT_CHARS
                    + " characters and was not analysed.", "Review it by hand, or split it."));
            return;
        }
        List<ParsedStatement> statements = new ArrayList<>();
        backend.parse(new StringReader(body), script.source()).forEachRemaining(statements::add);
        TransactionMode mode = script.transactionMode() == TransactionMode.AUTO ? text.marker() : script.transactionMode();
        boolean transactional = switch (mode) {
            case TRANSACTIONAL -> true;
            case NON_TRANSACTIONAL -> false;
            // As ScriptExecutor.prepare decides it: the same script must be judged as it will run.
            case AUTO -> backend.transactionalDdl()
                    && statements.stream().noneMatch(ParsedStatement::requiresNoTransaction);
        };
        List<ScriptLinter.Finding> raw = linter.get().lint(new ScriptLinter.Input(script.label(), transactional, statements));
        LintIgnores ignores = LintIgnores.of(body, statements);
        List<LintFinding> mine = new ArrayList<>();
        for (LintIgnores.Unexplained bad : ignores.unexplained()) {
            ParsedStatement st = statements.get(bad.statement());
            mine.add(finding(script, LintRules.IGNORE_WITHOUT_REASON, LintSeverity.WARNING, bad.statement(), st,
                    "The comment 'migrator:lint-ignore " + bad.ruleId() + "' on line " + bad.line()
                            + " gives no reason, so it suppresses nothing.",
                    "Say why the statement is safe: -- migrator:lint-ignore " + bad.ruleId() + " <reason>."));
        }
        for (ScriptLinter.Finding f : raw) {
            ParsedStatement st = statements.get(f.statement());
            LintFinding finding = finding(script, f.ruleId(), f.severity(), f.statement(), st, f.reason(), f.fix());
            Optional<String> reason = ignores.reason(f.statement(), f.ruleId());
            if (reason.isPresent()) {
                suppressed.add(new SuppressedFinding(finding, reason.get()));
            } else {
                mine.add(finding);
            }
        }
        mine.sort(Comparator.comparingInt(LintFinding::statementIndex).thenComparing(LintFinding::ruleId));
        findings.addAll(mine);
    }

    /** The whole text, placeholders substituted; {@code null} when it is too large to lint. */
    private String read(LoadedScript script, LoadedScript.Text text) {
        StringBuilder sb = new StringBuilder();
        try (Reader reader = Placeholders.reader(text.text().open(), scope.resolved().placeholders(),
                scope.backend().scriptSyntax(), script.label(), text.checksum())) {
            char[] buf = new char[8192];
            for (int n = reader.read(buf); n >= 0; n = reader.read(buf)) {
                sb.append(buf, 0, n);
                if (sb.length() > MAX_LINT_CHARS) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + script.label() + ": " + e.getMessage(), e);
        }
        return sb.toString();
    }

    private LintFinding whole(LoadedScript script, String ruleId, String reason, String fix) {
        return new LintFinding(ruleId, LintSeverity.INFO, scope.target(), script.version(), script.name(),
                script.source(), fileOf(script), 0, 0, "", reason, fix);
    }

    private LintFinding finding(LoadedScript script, String ruleId, LintSeverity severity, int index, ParsedStatement st,
            String reason, String fix) {
        return new LintFinding(ruleId, severity, scope.target(), script.version(), script.name(), script.source(),
                fileOf(script), index + 1, st.line(), ScriptFailures.shorten(st.text()), reason, fix);
    }

    /** The file of a script found in a file-system folder (class-path resources and code have none). */
    private static Optional<String> fileOf(LoadedScript script) {
        if (script.up() instanceof LoadedScript.Text t && t.text() instanceof ScriptText.Resource r
                && !r.path().startsWith("classpath:")) {
            return Optional.of(r.path());
        }
        return Optional.empty();
    }
}
