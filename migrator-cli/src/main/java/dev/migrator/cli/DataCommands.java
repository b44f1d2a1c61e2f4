package dev.migrator.cli;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataVerification;
import dev.migrator.api.MigrationManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code data migrate|status}: data migrations described in a JSON or YAML file ({@link DataMigrationFile}). */
@Command(name = "data", description = "Runs data migrations described in a JSON/YAML file: source, target, conflict "
        + "strategy, transforms. Resumes after the last committed batch by default.",
        subcommands = {DataCommands.Migrate.class, DataCommands.Status.class})
final class DataCommands implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: data migrate or data status.");
    }

    static Map<String, Object> resultJson(DataMigrationResult r) {
        Map<String, Object> types = new java.util.LinkedHashMap<>();
        r.types().forEach((type, c) -> types.put(type, Output.map("read", c.read(), "written", c.written(), "skipped",
                c.skipped(), "failed", c.failed())));
        List<Object> rejections = Output.list();
        r.rejections().forEach(x -> rejections.add(Output.map("position", x.position(), "type", x.type(), "key",
                x.key() == null ? null : new java.util.LinkedHashMap<String, Object>(x.key()), "reason", x.reason())));
        Map<String, Object> m = Output.map("migration", r.migration(), "source", r.source(), "dryRun", r.dryRun(),
                "startedAt", r.startedAt(), "durationMs", r.duration(), "resumedAfter", r.resumedAfter(), "read", r.read(),
                "written", r.written(), "skipped", r.skipped(), "failed", r.failed(), "recordsPerSecond",
                Math.round(r.recordsPerSecond()), "conflicts", new java.util.LinkedHashMap<String, Object>(r.conflicts()),
                "types", types, "backupId", r.backupId(), "restored", r.restored(), "errorLog", r.errorLog().map(Object::toString),
                "rejections", rejections);
        r.verification().ifPresent(v -> m.put("verification", verificationJson(v)));
        return m;
    }

    static Map<String, Object> verificationJson(DataVerification v) {
        List<Object> tables = Output.list();
        v.tables().forEach(t -> tables.add(Output.map("table", t.table(), "expectedRows", t.expectedRows(), "targetRows",
                t.targetRows(), "checksumMatches", t.checksumMatches(), "problems", t.problems(), "notes", t.notes())));
        return Output.map("valid", v.isValid(), "tables", tables, "problems", v.problems(), "notes", v.notes());
    }

    @Command(name = "migrate", description = {"Runs a data migration: backs up the target tables, streams the records "
            + "through the transforms into the targets in batches, verifies. Resumes an interrupted run.", "",
            DataMigrationFile.HELP})
    static final class Migrate extends CliCommand {

        @Parameters(paramLabel = "FILE", description = "The migration's description (.yaml, .yml or .json; its keys are "
                + "listed above).")
        String file;

        @Option(names = "--dry-run", description = "Read, transform, validate and look up conflicts; write nothing.")
        boolean dryRun;

        @Option(names = "--no-backup", description = "Do not back up the target tables first (and so no restore on failure).")
        boolean noBackup;

        @Option(names = "--continue-on-error", description = "Log rejected records and go on, up to the file's "
                + "maxErrorRate of them (default 10%%).")
        boolean continueOnError;

        @Option(names = "--error-log", paramLabel = "FILE", description = "JSON lines of rejected records (with "
                + "--continue-on-error).")
        String errorLog;

        @Option(names = "--batch-size", paramLabel = "N", description = "Records per batch and checkpoint (default 1000).")
        Integer batchSize;

        @Option(names = "--restart", description = "Start from the beginning instead of resuming after the checkpoint.")
        boolean restart;

        @Override
        String dataFile() {
            return file;
        }

        @Override
        int run() {
            requireConnection();
            DataMigrationFile.Description d = DataMigrationFile.read(settings().resolvePath(file),
                    settings().primaryConnection());
            Progress progress = progress();
            DataMigrationOptions.Builder o = DataMigrationOptions.builder().dryRun(dryRun).backup(!noBackup)
                    .restoreOnFailure(!noBackup).continueOnError(continueOnError).restart(restart).listener(progress);
            d.applyTo(o);
            if (errorLog != null) {
                o.errorLog(settings().resolvePath(errorLog));
            }
            given(batchSize, o::batchSize);
            DataMigrationOptions options = o.build();
            try (MigrationManager m = manager()) {
                DataMigrationResult r = migrate(m, d.migration(), options, progress);
                Failure failure = r.verification().map(DataVerification::isValid).orElse(true) ? null
                        : new Failure("DATA_VERIFICATION_FAILED", ExitCodes.VALIDATION, "Data migration " + r.migration()
                                + " finished, but verifying the targets found problems: "
                                + String.join("; ", r.verification().orElseThrow().problems()) + ".");
                report("data migrate", () -> Output.map("result", resultJson(r)), () -> print(r), failure);
                return failure == null ? ExitCodes.OK : failure.exitCode();
            } catch (DataMigrationException e) {
                if (e.result() != null && !json()) {
                    err().println("Partial report: read " + e.result().read() + (e.result().dryRun() ? ", would write "
                            : ", written ") + e.result().written()
                            + ", failed " + e.result().failed() + (e.result().restored() ? "; the targets were restored from "
                                    + "backup " + e.result().backupId().orElse("?") : "") + ".");
                }
                throw e;
            }
        }

        /** Runs the migration; the progress line is finished whatever happens. */
        private static DataMigrationResult migrate(MigrationManager m, DataMigration migration, DataMigrationOptions options,
                Progress progress) {
            try {
                return m.data().migrate(migration, options);
            } finally {
                progress.finish();
            }
        }

        private void print(DataMigrationResult r) {
            out().line((r.dryRun() ? "Dry run (nothing written): " : "") + r.migration() + " from " + r.source());
            List<List<String>> rows = new ArrayList<>();
            r.types().forEach((type, c) -> rows.add(List.of(type, String.valueOf(c.read()), String.valueOf(c.written()),
                    String.valueOf(c.skipped()), String.valueOf(c.failed()))));
            out().table(List.of("TYPE", "READ", "WRITTEN", "SKIPPED", "FAILED"), rows);
            out().line("");
            out().line(String.format(java.util.Locale.ROOT, "%s %d of %d records in %s (%,.0f records/s)%s%s.",
                    r.dryRun() ? "Would write" : "Wrote", r.written(), r.read(), Output.millis(r.duration()),
                    r.recordsPerSecond(), r.resumedAfter() > 0 ? ", resumed after record " + r.resumedAfter() : "",
                    r.conflicts().isEmpty() ? "" : ", conflicts " + r.conflicts()));
            r.backupId().ifPresent(id -> out().line("Backup of the targets: " + id));
            r.errorLog().ifPresent(p -> out().line("Rejected records: " + p));
            r.rejections().stream().limit(10).forEach(x -> out().line("  rejected #" + x.position() + " (" + x.type() + "): "
                    + x.reason()));
            r.verification().ifPresent(v -> {
                boolean checksums = v.tables().stream().anyMatch(t -> t.checksumMatches() != null);
                out().line(v.isValid() ? "Verified: target row counts" + (checksums ? " and content checksums" : "")
                        + " match."
                        : "Verification problems: " + String.join("; ", v.problems()));
                v.notes().forEach(n -> out().line("Note: " + n));
            });
        }
    }

    @Command(name = "status", description = "Where a data migration stands: never run, in progress (with its position), "
            + "completed.")
    static final class Status extends CliCommand {

        @Parameters(paramLabel = "FILE")
        String file;

        @Override
        String dataFile() {
            return file;
        }

        @Override
        int run() {
            requireConnection();
            DataMigration migration = DataMigrationFile.read(settings().resolvePath(file), settings().primaryConnection())
                    .migration();
            try (MigrationManager m = manager()) {
                DataMigrationStatus s = m.data().status(migration);
                report("data status", () -> Output.map("migration", s.migration(), "state", s.state(), "position",
                        s.position(), "written", s.written(), "updatedAt", s.updatedAt(), "backupId", s.backupId()),
                        () -> out().line(s.migration() + ": " + s.state().name().toLowerCase(java.util.Locale.ROOT)
                                .replace('_', ' ') + (s.state() == DataMigrationStatus.State.NEVER_RUN ? ""
                                        : ", position " + s.position() + ", " + s.written() + " written"
                                                + s.updatedAt().map(t -> ", updated " + Output.time(t) + " UTC").orElse(""))));
            }
            return ExitCodes.OK;
        }
    }
}
