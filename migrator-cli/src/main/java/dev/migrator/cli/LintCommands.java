package dev.migrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.migrator.api.LintFinding;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintRule;
import dev.migrator.api.LintScope;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.SuppressedFinding;
import dev.migrator.api.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lint}: the migration linter over the configured targets, as text, JSON or SARIF 2.1.0. */
final class LintCommands {

    private LintCommands() {}

    /** The output formats of {@code lint}. */
    enum Format {
        text,
        json,
        sarif
    }

    @Command(name = "lint", description = "Checks the pending scripts against the live database for statements that would "
            + "lock a busy table for long, rewrite it, fail on the server, or break the running version of the "
            + "application. Changes nothing. Exit 10 when an ERROR finding is left unsuppressed.")
    static final class Lint extends CliCommand {

        @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json (as --json) or sarif "
                + "(SARIF 2.1.0, for code scanning).")
        Format format;

        @Option(names = "--all", description = "Lint every script, applied or not, against the database as it is now; "
                + "default: only the pending ones.")
        boolean all;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Only this target; repeatable.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--big-rows", paramLabel = "N", description = "Row estimate from which a table is big (default "
                + "lintThreshold.rows in the config file, else 100000).")
        Long bigRows;

        @Option(names = "--big-bytes", paramLabel = "N", description = "Total size in bytes from which a table is big "
                + "(default lintThreshold.bytes in the config file, else 104857600, 100 MiB).")
        Long bigBytes;

        @Override
        void configure(MigrationManager.Builder builder) {
            if (bigRows != null || bigBytes != null) {
                // A flag left out keeps the config file's lintThreshold part, else the default's.
                LintThreshold base = settings().lintThreshold != null ? settings().lintThreshold : LintThreshold.DEFAULT;
                builder.lintThreshold(new LintThreshold(bigRows != null ? bigRows : base.rows(),
                        bigBytes != null ? bigBytes : base.bytes()));
            }
        }

        @Override
        int run() {
            requireLocations();
            Format chosen = format != null ? format : json() ? Format.json : Format.text;
            LintScope scope = all ? LintScope.ALL : LintScope.PENDING;
            LintReport report;
            try (MigrationManager m = manager()) {
                if (targets.isEmpty()) {
                    report = m.schema().lint(scope);
                } else {
                    List<LintFinding> findings = new ArrayList<>();
                    List<SuppressedFinding> suppressed = new ArrayList<>();
                    Map<String, LintRule> rules = new LinkedHashMap<>();
                    for (Target t : targets(targets, "--target")) {
                        LintReport r = m.schema().lint(t, scope);
                        findings.addAll(r.findings());
                        suppressed.addAll(r.suppressed());
                        r.rules().forEach(rule -> rules.putIfAbsent(rule.id(), rule));
                    }
                    report = new LintReport(findings, suppressed, List.copyOf(rules.values()));
                }
            }
            int errors = report.findings(LintSeverity.ERROR).size();
            Failure failure = errors == 0 ? null : new Failure("LINT_FAILED", ExitCodes.LINT, errors
                    + (errors == 1 ? " error" : " errors") + " found by the linter. Rewrite each statement as its fix says,"
                    + " or suppress a finding with a comment on the line before its statement: -- migrator:lint-ignore"
                    + " RULE reason.");
            switch (chosen) {
                case sarif -> {
                    out().line(sarif(report, cli().workDir));
                    if (failure != null) {
                        err().println("Error: " + failure.message());
                    }
                }
                case json -> {
                    // As --json prints every command's document, whether --json or --format json asked for it.
                    Map<String, Object> doc = Output.doc("lint");
                    doc.putAll(Output.map("findings", report.findings().stream().map(f -> (Object) findingJson(f)).toList(),
                            "suppressed", report.suppressed().stream().map(s -> {
                                Map<String, Object> m = findingJson(s.finding());
                                m.put("suppressedBecause", s.reason());
                                return (Object) m;
                            }).toList(),
                            "errors", errors, "warnings", report.findings(LintSeverity.WARNING).size(),
                            "notes", report.findings(LintSeverity.INFO).size()));
                    if (failure != null) {
                        doc.put("ok", false);
                        doc.put("error", failure.json());
                    }
                    out().json(doc);
                }
                case text -> {
                    text(report);
                    if (failure != null) {
                        err().println("Error: " + failure.message());
                    }
                }
            }
            return failure == null ? ExitCodes.OK : failure.exitCode();
        }

        private void text(LintReport report) {
            if (report.findings().isEmpty() && report.suppressed().isEmpty()) {
                out().line("No findings" + (all ? " in any script." : " in the pending scripts."));
                return;
            }
            for (LintFinding f : report.findings()) {
                out().line(String.format(Locale.ROOT, "%-7s %-7s %s %s", f.severity(), f.ruleId(), f.target(), where(f)));
                if (!f.statement().isEmpty()) {
                    out().line("  " + f.statement());
                }
                out().line("  Why: " + f.reason());
                if (!f.fix().isEmpty()) {
                    out().line("  Fix: " + f.fix());
                }
            }
            for (SuppressedFinding s : report.suppressed()) {
                out().line("ignored " + s.finding().ruleId() + " " + s.finding().target() + " " + where(s.finding())
                        + ": " + s.reason());
            }
            out().line("");
            out().line(report.findings(LintSeverity.ERROR).size() + " error(s), "
                    + report.findings(LintSeverity.WARNING).size() + " warning(s), "
                    + report.findings(LintSeverity.INFO).size() + " note(s), " + report.suppressed().size()
                    + " suppressed.");
        }

        private static String where(LintFinding f) {
            String script = "V" + f.version() + "__" + f.scriptName();
            String place = f.file().orElse(f.source()) + (f.line() > 0 ? ":" + f.line() : "");
            return script + " (" + place + ")" + (f.statementIndex() > 0 ? " statement " + f.statementIndex() : "");
        }

        private static Map<String, Object> findingJson(LintFinding f) {
            return Output.map("ruleId", f.ruleId(), "severity", f.severity().name(), "target", f.target().toString(),
                    "version", f.version().toString(), "script", f.scriptName(), "source", f.source(),
                    "file", f.file().orElse(null), "statementIndex", f.statementIndex(), "line", f.line(),
                    "statement", f.statement(), "reason", f.reason(), "fix", f.fix());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The report as a SARIF 2.1.0 log: one run whose driver lists the rules (id, title, help text, default level), and
     * a result per finding, suppressed ones marked as suppressed in source with their reason. A script from a file is
     * located by its path (relative to the working directory when inside it) and line.
     */
    static String sarif(LintReport report, Path workDir) {
        List<Object> rules = new ArrayList<>();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (LintRule rule : report.rules()) {
            ruleIndex.put(rule.id(), rules.size());
            rules.add(Output.map("id", rule.id(), "name", rule.title(), "shortDescription", Output.map("text", rule.title()),
                    "fullDescription", Output.map("text", rule.help()), "help", Output.map("text", rule.help()),
                    "defaultConfiguration", Output.map("level", level(rule.severity()))));
        }
        List<Object> results = new ArrayList<>();
        for (LintFinding f : report.findings()) {
            results.add(result(f, ruleIndex, workDir, null));
        }
        for (SuppressedFinding s : report.suppressed()) {
            results.add(result(s.finding(), ruleIndex, workDir, s.reason()));
        }
        Map<String, Object> driver = Output.map("name", "migrator", "version", MigratorCli.version(), "informationUri",
                "https://migrator.dev", "rules", rules);
        Map<String, Object> run = Output.map("tool", Output.map("driver", driver), "columnKind", "utf16CodeUnits",
                "results", results);
        Map<String, Object> log = Output.map("$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                "runs", List.of(run));
        try {
            return JSON.writeValueAsString(log);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the SARIF output: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> result(LintFinding f, Map<String, Integer> ruleIndex, Path workDir,
            String suppressedBecause) {
        String text = f.reason() + (f.fix().isEmpty() ? "" : " Fix: " + f.fix());
        Map<String, Object> artifact;
        if (f.file().isPresent()) {
            Path file = Path.of(f.file().get()).toAbsolutePath().normalize();
            Path base = workDir.toAbsolutePath().normalize();
            artifact = file.startsWith(base)
                    ? Output.map("uri", base.relativize(file).toString().replace('\\', '/'), "uriBaseId", "%SRCROOT%")
                    : Output.map("uri", file.toUri().toString());
        } else {
            artifact = Output.map("uri", f.source());
        }
        Map<String, Object> physical = Output.map("artifactLocation", artifact);
        if (f.line() > 0) {
            physical.put("region", Output.map("startLine", f.line()));
        }
        Map<String, Object> result = Output.map("ruleId", f.ruleId(), "ruleIndex", ruleIndex.getOrDefault(f.ruleId(), -1),
                "level", level(f.severity()), "message", Output.map("text", text), "locations",
                List.of(Output.map("physicalLocation", physical, "logicalLocations", List.of(Output.map(
                        "fullyQualifiedName", f.target() + "/V" + f.version() + "__" + f.scriptName(), "kind",
                        "module")))));
        if (suppressedBecause != null) {
            result.put("suppressions", List.of(Output.map("kind", "inSource", "justification", suppressedBecause)));
        }
        return result;
    }

    private static String level(LintSeverity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
