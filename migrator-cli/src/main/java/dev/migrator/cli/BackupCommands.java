package dev.migrator.cli;

import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backup create|list|restore|verify|delete|prune}: the backup store in the backup folder. */
@Command(name = "backup", description = "Backs up, lists, verifies, restores, deletes and prunes backups (checksummed, "
        + "optionally encrypted JSON-lines files in the backup folder).",
        subcommands = {BackupCommands.Create.class, BackupCommands.ListBackups.class, BackupCommands.Restore.class,
            BackupCommands.Verify.class, BackupCommands.Delete.class, BackupCommands.Prune.class})
final class BackupCommands implements Callable<Integer> {

    /** The shortest passphrase a backup can be encrypted with ({@code BackupKey.passphrase}). */
    static final int MIN_PASSPHRASE = 8;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: backup create, list, restore, verify, delete or prune.");
    }

    /** {@code --passphrase-env NAME}: the passphrase is read from the environment, never given as a flag. */
    static BackupKey key(CliCommand c, String passphraseEnv) {
        return passphraseEnv == null ? null : BackupKey.passphrase(c.settings().secretFromEnv(passphraseEnv,
                "--passphrase-env"));
    }

    /**
     * Runs {@code work} with the key of {@code --passphrase-env} handed to {@code use} first (nothing without the
     * option); the key is destroyed afterwards, whatever happened, so that the passphrase does not stay in memory.
     */
    static int withKey(CliCommand c, String passphraseEnv, Consumer<BackupKey> use, IntSupplier work) {
        BackupKey key = key(c, passphraseEnv);
        if (key != null) {
            use.accept(key);
        }
        try {
            return work.getAsInt();
        } finally {
            if (key != null) {
                key.destroy();
            }
        }
    }

    static Map<String, Object> manifestJson(BackupManifest b) {
        List<Object> tables = Output.list();
        for (BackupManifest.Table t : b.tables()) {
            tables.add(Output.map("name", t.name(), "rows", t.rowCount(), "bytes", t.bytes(), "sha256", t.sha256()));
        }
        return Output.map("id", b.id(), "label", b.label(), "createdAt", b.createdAt(), "connection",
                b.source() == null ? null : b.source().connection(), "product", b.source() == null ? null : b.source().product(),
                "url", b.source() == null ? null : b.source().url(), "consistency", b.consistency(), "compression",
                b.compression(), "encrypted", b.encryption() != null, "rows", b.rowCount(), "bytes", b.byteSize(),
                "durationMs", b.duration(), "tables", tables);
    }

    @Command(name = "create", description = "Backs up tables (MongoDB: collections) of a target; all of its schema by "
            + "default.")
    static final class Create extends CliCommand {

        @Option(names = "--label", description = "A label in the backup's id, e.g. before_v42.")
        String label;

        @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "schema.table,...; default: every table "
                + "of the target's schema.")
        List<String> tables = new ArrayList<>();

        @Option(names = "--compression", paramLabel = "gzip|zstd|none", description = "Default gzip; zstd is smaller and cheaper to write and read (restored by this version or later).")
        Compression compression;

        @Option(names = "--passphrase-env", paramLabel = "NAME", description = "Encrypt (AES-256-GCM) with the passphrase in "
                + "environment variable NAME.")
        String passphraseEnv;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Default: the first connection.")
        String target;

        @Option(names = "--parallelism", paramLabel = "N", description = "Readers at once (1 to 16; default 1). On PostgreSQL they share one snapshot, read tables side by side and split a table of more than about 100,000 rows into key ranges, a file each.")
        Integer parallelism;

        @Override
        int run() {
            requireConnection();
            BackupRequest.Builder r = BackupRequest.builder();
            given(label, r::label);
            if (!tables.isEmpty()) {
                r.tables(tables);
            }
            given(compression, r::compression);
            given(parallelism, r::parallelism);
            return withKey(this, passphraseEnv, r::key, () -> create(r));
        }

        private int create(BackupRequest.Builder r) {
            Progress progress = progress();
            try (MigrationManager m = manager()) {
                r.target(target == null ? m.targets().get(0) : target(target, "--target"));
                progress.step("Backing up " + (tables.isEmpty() ? "every table" : tables) + " ...");
                BackupManifest b = m.backupOperations().backup(r.build());
                double seconds = Math.max(0.001, b.duration().toNanos() / 1e9);
                progress.step(String.format(java.util.Locale.ROOT, "Backed up %,d rows (%s) in %s, %,.0f rows/s.",
                        b.rowCount(), Output.bytes(b.byteSize()), Output.millis(b.duration()), b.rowCount() / seconds));
                report("backup create", () -> Output.map("backup", manifestJson(b)), () -> out().line("Created backup "
                        + b.id() + ": " + b.tables().size() + " table(s), " + b.rowCount() + " rows, "
                        + Output.bytes(b.byteSize()) + (b.encryption() != null ? ", encrypted" : "") + "."));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "The backups in the backup folder, newest first.")
    static final class ListBackups extends CliCommand {

        @Override
        boolean needsServer() {
            return false; // the backup folder only
        }

        @Override
        int run() {
            try (MigrationManager m = manager()) {
                List<BackupManifest> all = m.backups().list();
                report("backup list", () -> Output.map("directory", m.backups().location().toString(), "backups",
                        all.stream().map(b -> (Object) manifestJson(b)).toList()), () -> {
                    if (all.isEmpty()) {
                        out().line("No backups in " + m.backups().location() + ".");
                        return;
                    }
                    List<List<String>> rows = new ArrayList<>();
                    for (BackupManifest b : all) {
                        rows.add(List.of(b.id(), Output.time(b.createdAt()), String.valueOf(b.tables().size()),
                                String.valueOf(b.rowCount()), Output.bytes(b.byteSize()), b.encryption() != null ? "yes" : "no"));
                    }
                    out().table(List.of("ID", "CREATED (UTC)", "TABLES", "ROWS", "SIZE", "ENCRYPTED"), rows);
                });
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", description = "Restores a backup: checks files, key and tables first, then reloads the "
            + "tables in one transaction (PostgreSQL, MySQL/MariaDB; MongoDB: copies renamed over the live collections at "
            + "the end) and compares them with the backup before committing: a difference rolls everything back.")
    static final class Restore extends CliCommand {

        @Parameters(paramLabel = "ID", description = "The backup's id (see backup list).")
        String id;

        @Option(names = "--into", paramLabel = "CONNECTION:SCHEMA", description = "Restore into another connection or schema.")
        String into;

        @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Only these tables.")
        List<String> tables = new ArrayList<>();

        @Option(names = "--passphrase-env", paramLabel = "NAME", description = "The passphrase of an encrypted backup, in "
                + "environment variable NAME.")
        String passphraseEnv;

        @Option(names = "--no-verify", description = "Skip comparing the loaded tables with the backup before committing "
                + "(files, row counts and the key are still checked).")
        boolean noVerify;

        @Override
        int run() {
            RestoreRequest.Builder r = RestoreRequest.builder().verify(!noVerify);
            if (!tables.isEmpty()) {
                r.tables(tables.toArray(String[]::new));
            }
            if (passphraseEnv != null && settings().secretFromEnv(passphraseEnv, "--passphrase-env").length()
                    < MIN_PASSPHRASE) {
                throw wrongPassphrase();
            }
            return withKey(this, passphraseEnv, r::key, () -> restore(r));
        }

        /**
         * A passphrase too short to have encrypted any backup (one needs {@value #MIN_PASSPHRASE} characters) is a wrong
         * passphrase, said as the library says it of a wrong one of any other length, not a rule about new passphrases.
         */
        private RuntimeException wrongPassphrase() {
            try (MigrationManager m = manager()) {
                BackupManifest b = m.backups().manifest(id); // a missing backup is reported as such
                return b.encryption() == null
                        ? new CliException(ExitCodes.BACKUP, ErrorCode.BACKUP_KEY_INVALID.name(), "Backup " + id + " is "
                                + "not encrypted, but --passphrase-env was given; leave it out.")
                        : new CliException(ExitCodes.BACKUP, ErrorCode.BACKUP_KEY_INVALID.name(), "The passphrase or key "
                                + "does not open backup " + id + ". Nothing was read or written; try again with the right "
                                + "one.");
            }
        }

        private int restore(RestoreRequest.Builder r) {
            Progress progress = progress();
            try (MigrationManager m = manager()) {
                if (into != null) {
                    r.target(target(into, "--into"));
                }
                progress.step("Restoring " + id + " ...");
                RestoreResult result = m.backupOperations().restore(id, r.build());
                Failure failure = result.verification() == null || result.verification().isValid() ? null
                        : new Failure("RESTORE_VERIFICATION_FAILED", ExitCodes.VALIDATION, "Restored " + result.backupId()
                                + ", but the restored tables differ from the backup: "
                                + String.join("; ", result.verification().problems()) + ".");
                report("backup restore", () -> Output.map("backupId", result.backupId(), "connection",
                        result.connection(), "rows", result.rowCount(), "durationMs", result.duration(), "verified",
                        result.verification() == null ? null : result.verification().isValid(), "tables",
                        result.tables().stream().map(t -> (Object) Output.map("table", t.table(), "restoredAs",
                                t.restoredAs(), "rows", t.rows())).toList()), () -> {
                    List<List<String>> rows = new ArrayList<>();
                    result.tables().forEach(t -> rows.add(List.of(t.table(), t.restoredAs(), String.valueOf(t.rows()))));
                    out().table(List.of("TABLE", "RESTORED AS", "ROWS"), rows);
                    out().line("");
                    out().line("Restored " + result.rowCount() + " rows from " + result.backupId() + " in "
                            + Output.millis(result.duration()) + (result.verification() == null ? "."
                                    : result.verification().isValid() ? "; verified." : "; verification found problems."));
                }, failure);
                return failure == null ? ExitCodes.OK : failure.exitCode();
            }
        }
    }

    @Command(name = "verify", description = "Re-hashes every file of a backup against its manifest (exit 3 when one is "
            + "damaged). With --against-live or --target it also compares the backup with live tables: row counts and "
            + "content checksums; a live table that differs from an intact backup exits 9.")
    static final class Verify extends CliCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--target", paramLabel = "CONNECTION[:SCHEMA]", description = "Also compare row counts and content "
                + "checksums with the tables of this live database (the backup's own schemas when SCHEMA is left out).")
        String target;

        @Option(names = "--against-live", description = "Also compare with the live tables the backup was taken from.")
        boolean againstLive;

        @Override
        boolean needsServer() {
            return target != null || againstLive; // without them, the backup's files only
        }

        @Override
        int run() {
            if (againstLive && target != null) {
                throw CliException.usage("backup verify: give --against-live (the connection the backup was taken from) "
                        + "or --target CONNECTION[:SCHEMA], not both.");
            }
            try (MigrationManager m = manager()) {
                // Without an option the files alone are checked: live tables that changed since the backup say nothing
                // about whether the backup is intact.
                VerifyReport report = target != null ? m.backupOperations().verify(id, target(target, "--target"))
                        : againstLive ? m.backupOperations().verify(id) : m.backups().verify(id);
                List<String> damaged = report.files().stream().filter(f -> !f.ok())
                        .map(f -> f.table() + ": " + f.problem()).toList();
                List<String> differences = report.tables().stream().filter(t -> !t.matches())
                        .map(t -> t.table() + ": " + t.problem()).toList();
                boolean compared = target != null || againstLive;
                Failure failure = !damaged.isEmpty() ? new Failure(ErrorCode.BACKUP_CORRUPT.name(), ExitCodes.VALIDATION,
                        "Backup " + id + " is damaged: " + String.join("; ", damaged) + ". Do not restore it; restore "
                                + "another backup.")
                        : !differences.isEmpty() ? new Failure("LIVE_TABLES_DIFFER", ExitCodes.LIVE_DIFFERS, "Backup " + id
                                + " is intact, but the live tables differ from it: " + String.join("; ", differences) + ".")
                        : null;
                report("backup verify", () -> Output.map("backupId", report.backupId(),
                        "intact", damaged.isEmpty(), "damaged", damaged, "comparedWithLive", compared, "differences",
                        differences, "files", report.files().stream().map(f -> (Object) Output.map("table", f.table(),
                                "file", f.file(), "ok", f.ok(), "problem", f.problem())).toList(),
                        "tables", report.tables().stream().map(t -> (Object) Output.map("table", t.table(), "liveTable",
                                t.liveTable(), "backupRows", t.backupRows(), "liveRows", t.liveRows(), "matches",
                                t.matches(), "problem", t.problem())).toList()), () -> {
                    List<List<String>> rows = new ArrayList<>();
                    report.files().forEach(f -> rows.add(List.of(f.table(), f.file(), f.ok() ? "ok" : f.problem())));
                    out().table(List.of("TABLE", "FILE", "CHECK"), rows);
                    if (!report.tables().isEmpty()) {
                        out().line("");
                        List<List<String>> live = new ArrayList<>();
                        report.tables().forEach(t -> live.add(List.of(t.table(), String.valueOf(t.backupRows()),
                                String.valueOf(t.liveRows()), t.matches() ? "same" : t.problem())));
                        out().table(List.of("TABLE", "BACKUP ROWS", "LIVE ROWS", "COMPARISON"), live);
                    }
                    out().line("");
                    out().line(!damaged.isEmpty() ? "Backup " + id + " is damaged: " + String.join("; ", damaged)
                            + ". Do not restore it; restore another backup."
                            : !differences.isEmpty() ? "Backup " + id + " is intact, but the live tables differ from it: "
                                    + String.join("; ", differences) + "."
                            : compared ? "Backup " + id + " is intact and the live tables match it."
                            : "Backup " + id + " is intact.");
                }, failure);
                return failure == null ? ExitCodes.OK : failure.exitCode();
            }
        }
    }

    @Command(name = "delete", description = "Deletes one backup.")
    static final class Delete extends CliCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        boolean needsServer() {
            return false; // the backup folder only
        }

        @Override
        int run() {
            try (MigrationManager m = manager()) {
                m.backups().delete(id);
                report("backup delete", () -> Output.map("deleted", List.of(id)), () -> out().line("Deleted backup " + id
                        + "."));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", description = "Deletes old backups; the newest is always kept.")
    static final class Prune extends CliCommand {

        @Override
        boolean needsServer() {
            return false; // the backup folder only
        }

        @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N backups.")
        Integer keep;

        @Option(names = "--max-age", paramLabel = "AGE", description = "Delete backups older than AGE: 30d, 12h, PT36H.")
        String maxAge;

        @Override
        int run() {
            if (keep == null && maxAge == null) {
                throw CliException.usage("Give --keep N and/or --max-age AGE (e.g. --keep 10 --max-age 30d).");
            }
            if (keep != null && keep < 1) {
                throw CliException.usage("--keep is " + keep + "; allowed: 1 or more (the newest backup is always kept).");
            }
            Duration age = maxAge == null ? null : Settings.duration(maxAge, "--max-age");
            try (MigrationManager m = manager()) {
                List<String> deleted = m.backups().prune(keep == null ? Integer.MAX_VALUE : keep, age);
                report("backup prune", () -> Output.map("deleted", deleted), () -> {
                    if (deleted.isEmpty()) {
                        out().line("Nothing to prune.");
                    } else {
                        deleted.forEach(d -> out().line("Deleted backup " + d + "."));
                    }
                });
            }
            return ExitCodes.OK;
        }
    }
}
