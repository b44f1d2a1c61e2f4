package dev.migrator.cli;

import dev.migrator.api.BaselineResult;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that look after the history rather than run scripts: validate, repair, baseline, unlock. */
final class HistoryCommands {

    private HistoryCommands() {}

    @Command(name = "validate", description = "Compares the local scripts with the history (checksums, missing and failed "
            + "scripts); changes nothing. Exit 3 when there are problems.")
    static final class Validate extends CliCommand {

        @Override
        int run() {
            requireLocations();
            try (MigrationManager m = manager()) {
                ValidationReport report = m.schema().validate();
                Failure failure = failure(report.problems());
                report("validate", () -> Output.map("valid", report.isValid(), "problems",
                        report.problems().stream().map(p -> (Object) Output.map("target", p.target() == null ? null
                                : p.target().toString(), "version", p.version() == null ? null : p.version().toString(),
                                "name", p.name(), "kind", p.kind(), "message", CliWords.of(p.message()))).toList()), () -> {
                    if (report.isValid()) {
                        out().line("Valid: the local scripts match the history.");
                        return;
                    }
                    out().line(report.problems().size() + " problem(s):");
                    for (ValidationProblem p : report.problems()) {
                        out().line("  " + (p.target() == null ? "" : p.target() + " ") + (p.version() == null ? "" : p.version()
                                + " ") + (p.name() == null ? "" : p.name() + ": ") + CliWords.of(p.message()));
                    }
                }, failure);
                return failure == null ? ExitCodes.OK : failure.exitCode();
            }
        }
    }

    /**
     * The failure of a history with {@code problems} (validate's and status's alike, so that the two always agree), or
     * {@code null} when there are none.
     */
    static Failure failure(List<ValidationProblem> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        return new Failure(ErrorCode.VALIDATION_FAILED.name(), ExitCodes.VALIDATION, problems.size()
                + " problem(s) between the local scripts and the history; the first: " + CliWords.of(problems.get(0)
                .message()) + (problems.size() > 1 ? " Run 'migrator validate' for all of them." : ""));
    }

    @Command(name = "repair", description = "Records edited scripts' new checksums and removes failed entries from the "
            + "history.")
    static final class Repair extends CliCommand {

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Only this target.")
        String target;

        @Override
        int run() {
            requireLocations();
            try (MigrationManager m = manager()) {
                RepairResult r = target == null ? m.schema().repair() : m.schema().repair(target(target, "--target"));
                report("repair", () -> Output.map("actions", r.actions().stream().map(a -> (Object) Output.map("target",
                        a.target().toString(), "version", a.version().toString(), "name", a.name(), "kind", a.kind()))
                        .toList()), () -> {
                    if (r.actions().isEmpty()) {
                        out().line("Nothing to repair.");
                        return;
                    }
                    List<List<String>> rows = new ArrayList<>();
                    for (RepairResult.Action a : r.actions()) {
                        rows.add(List.of(a.target().toString(), a.version().toString(), a.name(),
                                a.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
                    }
                    out().table(List.of("TARGET", "VERSION", "NAME", "ACTION"), rows);
                });
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "baseline", description = "Marks an existing database as being at VERSION: older scripts will not run.")
    static final class Baseline extends CliCommand {

        @Parameters(paramLabel = "VERSION", description = "e.g. 3 or 2.1")
        String version;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "The target; default: the first.")
        String target;

        @Override
        int run() {
            requireConnection();
            try (MigrationManager m = manager()) {
                BaselineResult r = target == null ? m.schema().baseline(version) : m.schema().baseline(target(target, "--target"), version);
                report("baseline", () -> Output.map("target", r.target().toString(), "version", r.version().toString()),
                        () -> out().line(r.target() + ": baselined at version " + r.version() + "."));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "unlock", description = "Removes a stuck migration lock (after a crashed run). Needs --force: a lock "
            + "held by a live run protects it.")
    static final class Unlock extends CliCommand {

        @Option(names = "--force", description = "Remove the lock even if a run may still hold it.")
        boolean force;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Only this target; repeatable; "
                + "default: every configured target.")
        List<String> targets = new ArrayList<>();

        @Override
        int run() {
            if (!force) {
                throw CliException.usage("unlock removes the migration lock, which protects a run in progress. Make sure "
                        + "no migration is running, then pass --force.");
            }
            requireConnection();
            try (MigrationManager m = manager()) {
                List<Target> chosen = targets.isEmpty() ? m.targets() : targets(targets, "--target");
                List<Object> list = Output.list();
                for (Target t : chosen) {
                    boolean removed = m.schema().forceUnlock(t);
                    list.add(Output.map("target", t.toString(), "removed", removed));
                    if (!json()) {
                        out().line(t + ": " + (removed ? "lock removed." : "no lock held."));
                    }
                }
                report("unlock", () -> Output.map("targets", list), () -> { });
            }
            return ExitCodes.OK;
        }
    }
}
