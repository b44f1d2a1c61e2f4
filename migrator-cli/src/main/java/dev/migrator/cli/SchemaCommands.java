package dev.migrator.cli;

import dev.migrator.api.CreatedScripts;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.LintMode;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.PlannedRepeatable;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.RepeatableState;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The schema-migration commands that run or write scripts: status, migrate, rollback, create. */
final class SchemaCommands {

    private SchemaCommands() {}

    @Command(name = "status", description = "Every script of every target with its state: pending, applied, baseline, "
            + "failed, missing, checksum changed, out of order.")
    static final class Status extends CliCommand {

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Only this target; repeatable.")
        List<String> targets = new ArrayList<>();

        @Override
        int run() {
            requireLocations();
            try (MigrationManager m = manager()) {
                List<ScriptStatus> scripts = new ArrayList<>();
                List<RepeatableStatus> repeatables = new ArrayList<>();
                if (targets.isEmpty()) {
                    StatusReport all = m.status();
                    scripts.addAll(all.scripts());
                    repeatables.addAll(all.repeatables());
                } else {
                    for (Target t : targets(targets, "--target")) {
                        StatusReport one = m.status(t);
                        scripts.addAll(one.scripts());
                        repeatables.addAll(one.repeatables());
                    }
                }
                // What is a problem is validate's to say (a failed entry whose script was deleted is shown as missing,
                // an applied script newer than every local one is missing but no problem): status counts the problems
                // validate finds for the targets shown, and exits as validate does.
                Set<Target> shown = scripts.stream().map(ScriptStatus::target).collect(Collectors.toSet());
                List<ValidationProblem> problems = m.schema().validate().problems().stream()
                        .filter(p -> targets.isEmpty() || shown.contains(p.target())).toList();
                Failure failure = HistoryCommands.failure(problems);
                StatusReport report = new StatusReport(scripts, repeatables);
                long pending = report.inState(ScriptState.PENDING).size() + repeatables.stream()
                        .filter(r -> r.state() != RepeatableState.APPLIED).count();
                report("status", () -> Output.map("scripts", scripts.stream().map(s -> (Object) scriptJson(s)).toList(),
                        "repeatables", repeatables.stream().map(r -> (Object) repeatableJson(r)).toList(),
                        "pending", pending, "applied", report.inState(ScriptState.APPLIED).size(), "problems",
                        problems.size()), () -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (ScriptStatus s : scripts) {
                        rows.add(List.of(s.target().toString(), s.version().toString(), s.name(), state(s.state()),
                                appliedAt(s), took(s)));
                    }
                    // Repeatable scripts have no version: shown after the versioned ones, as they run.
                    for (RepeatableStatus r : repeatables) {
                        rows.add(List.of(r.target().toString(), "repeatable", r.name(), repeatableState(r.state()),
                                r.lastRunAt().map(Output::time).orElse(""), ""));
                    }
                    if (rows.isEmpty() && problems.isEmpty()) {
                        out().line("No scripts found in " + settings().locations.stream()
                                .map(Settings.Location::location).toList() + " and nothing in the history.");
                        return;
                    }
                    if (!rows.isEmpty()) {
                        out().table(List.of("TARGET", "VERSION", "NAME", "STATE", "APPLIED AT (UTC)", "DURATION"), rows);
                        out().line("");
                    }
                    long failed = report.inState(ScriptState.FAILED).size();
                    if (failed > 0) {
                        out().line(failed + " failed" + (pending > 0 ? ", " + pending + " pending." : "."));
                    } else if (problems.isEmpty()) {
                        out().line(pending == 0 ? "Up to date." : pending + " pending; run 'migrator migrate' to apply.");
                    } else if (pending > 0) {
                        out().line(pending + " pending.");
                    }
                    if (!problems.isEmpty()) {
                        out().line(problems.size() + " problem(s): run 'migrator validate' for details.");
                    }
                }, failure);
                return failure == null ? ExitCodes.OK : failure.exitCode();
            }
        }

        private static String appliedAt(ScriptStatus s) {
            if (s instanceof ScriptStatus.Applied a) {
                return Output.time(a.appliedAt());
            } else if (s instanceof ScriptStatus.Baseline b) {
                return Output.time(b.appliedAt());
            } else if (s instanceof ScriptStatus.Missing mi) {
                return Output.time(mi.appliedAt());
            } else if (s instanceof ScriptStatus.ChecksumChanged c) {
                return Output.time(c.appliedAt());
            } else if (s instanceof ScriptStatus.Failed f) {
                return Output.time(f.failedAt());
            }
            return "";
        }

        private static String took(ScriptStatus s) {
            return s instanceof ScriptStatus.Applied a ? Output.millis(a.duration()) : "";
        }
    }

    /** {@code applied}, {@code pending (new)}, {@code pending (changed)} or {@code failed}. */
    static String repeatableState(RepeatableState state) {
        return switch (state) {
            case APPLIED -> "applied";
            case PENDING_NEW -> "pending (new)";
            case PENDING_CHANGED -> "pending (changed)";
            case FAILED -> "failed";
        };
    }

    static Map<String, Object> repeatableJson(RepeatableStatus r) {
        Map<String, Object> m = Output.map("target", r.target().toString(), "connection", r.target().connection(),
                "schema", r.target().schema(), "name", r.name(), "state", r.state());
        r.lastRunAt().ifPresent(at -> m.put("lastRunAt", at.toString()));
        return m;
    }

    static String state(ScriptState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static Map<String, Object> scriptJson(ScriptStatus s) {
        Map<String, Object> m = Output.map("target", s.target().toString(), "connection", s.target().connection(),
                "schema", s.target().schema(), "version", s.version().toString(), "name", s.name(), "state", s.state());
        if (s instanceof ScriptStatus.Applied a) {
            m.putAll(Output.map("appliedAt", a.appliedAt(), "durationMs", a.duration(), "installedBy", a.installedBy()));
        } else if (s instanceof ScriptStatus.Baseline b) {
            m.putAll(Output.map("appliedAt", b.appliedAt()));
        } else if (s instanceof ScriptStatus.Failed f) {
            m.putAll(Output.map("failedAt", f.failedAt(), "statementsCompleted", f.statementsCompleted()));
        } else if (s instanceof ScriptStatus.Missing mi) {
            m.putAll(Output.map("appliedAt", mi.appliedAt()));
        } else if (s instanceof ScriptStatus.ChecksumChanged c) {
            m.putAll(Output.map("appliedAt", c.appliedAt(), "recordedChecksum", c.recordedChecksum(),
                    "localChecksum", c.localChecksum()));
        }
        return m;
    }

    static Map<String, Object> executedJson(ExecutedScript s) {
        return Output.map("target", s.target().toString(), "version", s.version().toString(), "name", s.name(),
                "statements", s.statements(), "durationMs", s.duration());
    }

    private static List<List<String>> executedRows(List<ExecutedScript> scripts) {
        List<List<String>> rows = new ArrayList<>();
        for (ExecutedScript s : scripts) {
            rows.add(List.of(s.target().toString(), s.version().toString(), s.name(), String.valueOf(s.statements()),
                    Output.millis(s.duration())));
        }
        return rows;
    }

    private static final List<String> EXECUTED_HEADERS = List.of("TARGET", "VERSION", "NAME", "STATEMENTS", "DURATION");

    /** The scripts a run applied or undid, as a table and a total ("Applied 3 script(s) in 120 ms."), or {@code none}. */
    static void printExecuted(CliCommand c, List<ExecutedScript> scripts, String none, String verb, Duration took) {
        if (scripts.isEmpty()) {
            c.out().line(none);
            return;
        }
        c.out().table(EXECUTED_HEADERS, executedRows(scripts));
        c.out().line("");
        c.out().line(verb + " " + scripts.size() + " script(s) in " + Output.millis(took) + ".");
    }

    /** One line on stderr per script started and finished, so a long run shows where it is. */
    static MigrationListener progressLines(CliCommand command) {
        PrintWriter err = command.err();
        boolean show = command.cli().terminal || !command.json();
        return event -> {
            if (!show) {
                return;
            }
            if (event instanceof MigrationEvent.LockWaiting w) {
                err.println(w.target() + ": waiting for the migration lock (another run holds it) ...");
            } else if (event instanceof MigrationEvent.ScriptStarted s) {
                err.println(s.target() + ": " + (s.down() ? "rolling back " : "applying ") + s.version() + " " + s.name()
                        + " ...");
            } else if (event instanceof MigrationEvent.StatementLockRetry r) {
                err.println(r.target() + ": " + r.version() + " " + r.name() + ": statement " + r.statement()
                        + " timed out waiting for a lock (attempt " + r.attempt() + "); retrying in " + r.backoff().toMillis()
                        + " ms ...");
            } else if (event instanceof MigrationEvent.ScriptFailed f) {
                err.println(f.target() + ": " + f.version() + " " + f.name() + " failed");
            } else if (event instanceof MigrationEvent.RepeatableStarted r) {
                err.println(r.target() + ": applying repeatable " + r.name() + " ...");
            } else if (event instanceof MigrationEvent.RepeatableFailed f) {
                err.println(f.target() + ": repeatable " + f.name() + " failed");
            }
            err.flush();
        };
    }

    @Command(name = "migrate", description = "Applies every pending script in version order.")
    static final class Migrate extends CliCommand {

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]",
                description = "Migrate this target (the schema is created when missing); repeatable; default: all.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--to", paramLabel = "VERSION", description = "Apply pending scripts up to and including VERSION.")
        String to;

        @Option(names = "--dry-run", description = "Show the plan and its statements; on PostgreSQL also run them in a "
                + "transaction that is rolled back. Changes nothing.")
        boolean dryRun;

        @Option(names = "--resume-failed", description = "Continue a script recorded as failed (outside a transaction, "
                + "e.g. on MySQL/MariaDB) from its first statement not counted as done, once the cause is fixed.")
        boolean resumeFailed;

        @Option(names = "--statement-lock-timeout", paramLabel = "DURATION", description = "How long each statement may "
                + "wait for a lock another session holds before it gives up and runs again (default 5s; 0 turns it off); "
                + "overrides statementLockTimeout in the file.")
        String statementLockTimeout;

        @Option(names = "--lock-retries", paramLabel = "N", description = "How many times in all a statement that timed "
                + "out waiting for a lock runs (default 5; 1 fails at once); overrides lockRetries.attempts in the file.")
        Integer lockRetries;

        @Option(names = "--lint", paramLabel = "MODE", description = "Lint the pending scripts first (as 'migrator lint'): "
                + "off (default), warn (print the findings and migrate) or fail (apply nothing while an ERROR finding is "
                + "left; exit 10); overrides lintBeforeMigrate in the file. Dry runs are not linted.")
        LintMode lint;

        @Override
        int run() {
            requireLocations();
            given(lint, mode -> settings().lintBeforeMigrate = mode);
            if (statementLockTimeout != null) {
                settings().statementLockTimeout = Settings.duration(statementLockTimeout, "--statement-lock-timeout");
            }
            given(lockRetries, n -> settings().lockRetryAttempts = n);
            MigrateOptions.Builder o = MigrateOptions.builder();
            given(to, o::to);
            o.resumeFailed(resumeFailed);
            try (MigrationManager m = manager(progressLines(this))) {
                o.targets(targets(targets, "--target"));
                if (dryRun) {
                    return dryRun(m.schema().dryRun(o.build()));
                }
                MigrateResult result = m.migrate(o.build());
                List<String> repeatables = result.targets().stream()
                        .flatMap(t -> t.repeatables().stream().map(name -> t.target() + " " + name)).toList();
                report("migrate", () -> Output.map("applied", result.applied().stream().map(s -> (Object) executedJson(s))
                        .toList(), "targets", result.targets().stream().map(t -> (Object) Output.map("target",
                                t.target().toString(), "currentVersion", t.currentVersion().map(Object::toString), "applied",
                                t.applied().size(), "repeatables", t.repeatables())).toList(), "durationMs",
                                result.duration().toMillis()),
                        () -> {
                            if (!result.applied().isEmpty() || repeatables.isEmpty()) {
                                printExecuted(this, result.applied(), "Up to date: nothing to apply.", "Applied",
                                        result.duration());
                            }
                            if (!repeatables.isEmpty()) {
                                out().line("Ran " + repeatables.size() + " repeatable script(s): "
                                        + String.join(", ", repeatables) + ".");
                            }
                        });
            }
            return ExitCodes.OK;
        }

        private int dryRun(DryRunResult plan) {
            report("migrate", () -> Output.map("dryRun", true, "plan", plan.plan().stream().map(p -> (Object) Output.map(
                    "target", p.target().toString(), "version", p.version().toString(), "name", p.name(), "transactional",
                    p.transactional(), "statements", p.statements())).toList(), "executedAndRolledBack",
                    plan.executedAndRolledBack().stream().map(Target::toString).toList(), "notExecuted", plan.notExecuted(),
                    "repeatables", plan.repeatables().stream().map(r -> (Object) Output.map("target", r.target().toString(),
                            "name", r.name(), "transactional", r.transactional(), "statements", r.statements())).toList()),
                    () -> printPlan(plan));
            return ExitCodes.OK;
        }

        private void printPlan(DryRunResult plan) {
            if (plan.plan().isEmpty() && plan.repeatables().isEmpty()) {
                out().line("Dry run: up to date, nothing would be applied.");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (PlannedScript p : plan.plan()) {
                rows.add(List.of(p.target().toString(), p.version().toString(), p.name(),
                        String.valueOf(p.statements().size()), p.transactional() ? "yes" : "no"));
            }
            // Repeatable scripts run after the versioned ones; a dry run plans them but never tries them.
            for (PlannedRepeatable r : plan.repeatables()) {
                rows.add(List.of(r.target().toString(), "repeatable", r.name(), String.valueOf(r.statements().size()),
                        r.transactional() ? "yes" : "no"));
            }
            out().line("Dry run: nothing was changed. Would apply:");
            out().table(List.of("TARGET", "VERSION", "NAME", "STATEMENTS", "TRANSACTIONAL"), rows);
            if (!plan.executedAndRolledBack().isEmpty()) {
                out().line("Executed and rolled back on: " + plan.executedAndRolledBack());
            }
            for (String n : plan.notExecuted()) {
                out().line("Not executed: " + n);
            }
        }
    }

    @Command(name = "rollback", description = "Undoes the newest applied scripts with their down scripts (U<version>__...), "
            + "newest first. Nothing runs if a down script is missing.")
    static final class Rollback extends CliCommand {

        @Option(names = "--steps", paramLabel = "N", description = "How many scripts to undo (default 1).")
        Integer steps;

        @Option(names = "--to", paramLabel = "VERSION", description = "Undo everything newer than VERSION.")
        String to;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "The target; default: the first.")
        String target;

        @Override
        int run() {
            if (steps != null && to != null) {
                throw CliException.usage("Give either --steps N or --to VERSION, not both.");
            }
            if (steps != null && steps < 1) {
                throw CliException.usage("--steps is " + steps + "; allowed: 1 or more.");
            }
            requireLocations();
            try (MigrationManager m = manager(progressLines(this))) {
                Target t = target == null ? null : target(target, "--target");
                int n = steps == null ? 1 : steps;
                RollbackResult r = to != null ? (t == null ? m.rollbackTo(to) : m.rollbackTo(t, to))
                        : t == null ? m.rollback(n) : m.rollback(t, n);
                report("rollback", () -> Output.map("rolledBack", r.rolledBack().stream()
                        .map(s -> (Object) executedJson(s)).toList(), "durationMs", r.duration().toMillis()),
                        () -> printExecuted(this, r.rolledBack(), "Nothing to roll back.", "Rolled back", r.duration()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", description = "Writes an empty timestamped V<version>__<name>.sql and its down script "
            + "U<version>__<name>.sql into the first filesystem location.")
    static final class Create extends CliCommand {

        @Override
        boolean needsServer() {
            return false; // writes script files only
        }

        @Parameters(paramLabel = "NAME", description = "What the script does, e.g. add-user-email (- and spaces become _).")
        String name;

        @Override
        int run() {
            requireLocations();
            String normalised = name.strip().replaceAll("[^A-Za-z0-9_]+", "_");
            try (MigrationManager m = manager()) {
                CreatedScripts created = m.schema().create(normalised);
                report("create", () -> Output.map("version", created.version().toString(), "name", normalised, "up",
                        created.up(), "down", created.down()), () -> {
                    out().line("Created " + created.up());
                    out().line("Created " + created.down());
                });
            }
            return ExitCodes.OK;
        }
    }
}
