package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.VerifyReport;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency on PostgreSQL (issue 8): {@code migrate()}, {@code backup()} and {@code restore()} each run in a
 * child JVM ({@link CrashMain}) killed with SIGKILL ({@link Process#destroyForcibly()}) at a random moment chosen from
 * observable progress, then checked from the outside with plain JDBC and a fresh manager:
 *
 * <ol>
 *   <li>migrate: the history agrees with the schema after every kill, a new {@code migrate()} starts at once (the
 *       advisory lock died with the session) and finishes with every script applied exactly once;
 *   <li>backup: the store lists only backups that verify; leftover {@code .incomplete-*} folders are ignored; the next
 *       backup succeeds;
 *   <li>restore: the tables are exactly as before the restore or exactly as in the backup, never a mix; the next
 *       restore succeeds.
 * </ol>
 *
 * Seeds are printed; {@code -Dmigrator.crash.trials=N} runs more trials per scenario (soak), {@code
 * -Dmigrator.crash.seed=S} replays. Each trial's child output is kept in a temp file and shown on a failure.
 */
class CrashConsistencyTest extends ItSupport {

    private static final String APP = "migrator_crash_child";
    private static final int BACKUP_ROWS = 10_000;
    private static final int ACCOUNTS = 8_000;

    @TempDir
    Path dir;

    CrashConsistencyTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    private static int trials() {
        return Integer.getInteger("migrator.crash.trials", 30);
    }

    private static long seed(String scenario) {
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println("CrashConsistencyTest " + scenario + ": " + trials() + " trials, seed " + seed);
        return seed;
    }

    // ---------------------------------------------------------------- 1. migrate

    @Test
    @Timeout(600)
    void migrate_killedAtRandomPoints_historyAgreesWithSchemaAndTheNextMigrateFinishesAtOnce() throws Exception {
        int trials = trials();
        long seed = seed("migrate");
        Random random = new Random(seed);
        int killedPartWay = 0;
        long slowestResumeMs = 0;
        for (int trial = 1; trial <= trials; trial++) {
            waitForChildSessions();
            sql("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
            int mark = random.nextInt(CrashMain.SCRIPTS);
            int jitter = random.nextInt(12);
            Path out = dir.resolve("migrate-" + trial + ".log");
            Process child = start(out, "migrate");
            boolean alive;
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                awaitReady(child, out);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (child.isAlive() && historyCount(s) < mark && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Thread.sleep(jitter);
                alive = child.isAlive();
                kill(child);
            }
            String ctx = "trial " + trial + " (seed " + seed + ", kill after history row " + mark + " + " + jitter
                    + " ms)\n--- child output ---\n" + read(out);

            // The history agrees with the schema right after the kill: a script and its history row commit together.
            List<HistoryRow> rows = history();
            TreeSet<Integer> historyVersions = rows.stream().map(r -> Integer.valueOf(r.version()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(rows).as("no failed or duplicate history rows after the kill, %s", ctx)
                    .allMatch(HistoryRow::success).hasSize(historyVersions.size());
            assertThat(scriptTables()).as("tables vs history after the kill, %s", ctx).isEqualTo(historyVersions);
            if (alive && rows.size() < CrashMain.SCRIPTS) {
                killedPartWay++;
            }

            // The next migrate is not blocked: the advisory lock died with the killed session.
            MigrationManager m = track(builder().scripts(CrashMain.scripts()).lockTimeout(Duration.ofSeconds(10)).build());
            long t0 = System.nanoTime();
            MigrateResult result = m.migrate();
            long resumeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            slowestResumeMs = Math.max(slowestResumeMs, resumeMs);
            assertThat(resumeMs).as("the migrate after the kill took %d ms, %s", resumeMs, ctx).isLessThan(5_000);
            assertThat(result.applied()).as("applied after the kill, %s", ctx).hasSize(CrashMain.SCRIPTS - rows.size());

            List<HistoryRow> after = history();
            List<String> all = IntStream.rangeClosed(1, CrashMain.SCRIPTS).mapToObj(String::valueOf).toList();
            assertThat(after).as("history after the resume, %s", ctx).allMatch(HistoryRow::success);
            assertThat(after.stream().map(HistoryRow::version).sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b)))
                    .as("every script exactly once in the history, %s", ctx).containsExactlyElementsOf(all);
            assertThat(scriptTables()).as("tables after the resume, %s", ctx)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, CrashMain.SCRIPTS).boxed().toList());
            String union = IntStream.rangeClosed(1, CrashMain.SCRIPTS).mapToObj(i -> "SELECT id FROM t_" + i)
                    .collect(Collectors.joining(" UNION ALL "));
            assertThat(queryStrings("SELECT count(*) || ':' || sum(id) FROM (" + union + ") u"))
                    .as("each script's insert ran exactly once, %s", ctx)
                    .containsExactly(CrashMain.SCRIPTS + ":" + (CrashMain.SCRIPTS * (CrashMain.SCRIPTS + 1) / 2));
            System.out.println("migrate trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                    + (alive ? "killed" : "finished first") + ", " + rows.size() + " applied before the kill, resume took "
                    + resumeMs + " ms");
            m.close();
        }
        System.out.println("CrashConsistencyTest migrate: " + trials + " trials, " + killedPartWay
                + " killed part-way, slowest resume " + slowestResumeMs + " ms, data lost: 0");
        assertThat(killedPartWay).as("kills that landed part-way through the migrate").isGreaterThanOrEqualTo(trials / 2);
    }

    private static long historyCount(Statement s) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public." + HISTORY)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }

    /** The i of every table t_i in the default schema. */
    private TreeSet<Integer> scriptTables() {
        return queryStrings("SELECT substr(table_name, 3) FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_name ~ '^t_[0-9]+$'").stream().map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- 2. backup

    @Test
    @Timeout(600)
    void backup_killedAtRandomTimes_onlyCompleteBackupsAreListedAndTheNextBackupSucceeds() throws Exception {
        int trials = trials();
        long seed = seed("backup");
        Random random = new Random(seed);
        for (String table : CrashMain.BACKUP_TABLES) {
            sql("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), "
                    + "at timestamptz, doc jsonb)",
                    "INSERT INTO " + table + " SELECT g, '" + table + " ' || md5(g::text), g * 0.25, "
                            + "timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', jsonb_build_object('g', g) "
                            + "FROM generate_series(1, " + BACKUP_ROWS + ") g");
        }
        long duration = calibrate("backup", dir.resolve("backup-calibration").toString());
        int killedPartWay = 0;
        int leftovers = 0;
        for (int trial = 1; trial <= trials; trial++) {
            Path backups = dir.resolve("backups-" + trial);
            int delay = random.nextInt((int) Math.max(2, duration));
            Path out = dir.resolve("backup-" + trial + ".log");
            Process child = start(out, "backup", backups.toString());
            awaitReady(child, out);
            Thread.sleep(delay);
            boolean alive = child.isAlive();
            kill(child);
            waitForChildSessions();
            String ctx = "trial " + trial + " (seed " + seed + ", kill " + delay + " ms after ready)\n--- child output ---\n"
                    + read(out);

            MigrationManager m = track(builder().backupDirectory(backups).build());
            List<BackupManifest> listed = m.backups().list();
            for (BackupManifest b : listed) {
                assertThat(b.id()).as("listed backup, %s", ctx).doesNotStartWith(".incomplete-");
                VerifyReport v = m.backups().verify(b.id());
                assertThat(v.isValid()).as("listed backup %s verifies: %s, %s", b.id(), v.problems(), ctx).isTrue();
            }
            List<String> folders = folders(backups);
            List<String> incomplete = folders.stream().filter(n -> n.startsWith(".incomplete-")).toList();
            leftovers += incomplete.size();
            // Nothing outside .incomplete-* looks like a backup unless it is one, complete and valid.
            assertThat(folders.stream().filter(n -> !n.startsWith(".incomplete-")).sorted().toList())
                    .as("backup folders vs the list, %s", ctx)
                    .containsExactlyElementsOf(listed.stream().map(BackupManifest::id).sorted().toList());
            if (alive && listed.isEmpty()) {
                killedPartWay++;
            }

            BackupManifest next = m.backup(BackupRequest.builder().label("after").tables(CrashMain.BACKUP_TABLES).build());
            assertThat(next.rowCount()).as("the next backup, %s", ctx).isEqualTo(3L * BACKUP_ROWS);
            VerifyReport v = m.backups().verify(next.id());
            assertThat(v.isValid()).as("the next backup verifies: %s, %s", v.problems(), ctx).isTrue();
            assertThat(m.backups().list()).as("list after the next backup, %s", ctx).hasSize(listed.size() + 1)
                    .noneMatch(b -> b.id().startsWith(".incomplete-"));
            System.out.println("backup trial " + trial + ": kill " + delay + " ms after ready, "
                    + (alive ? "killed" : "finished first") + ", " + listed.size() + " complete, " + incomplete.size()
                    + " incomplete left over");
            m.close();
        }
        System.out.println("CrashConsistencyTest backup: " + trials + " trials, " + killedPartWay
                + " killed part-way, " + leftovers + " .incomplete-* folders left over (ignored), data lost: 0");
        assertThat(killedPartWay).as("kills that landed part-way through the backup").isGreaterThanOrEqualTo(trials / 3);
    }

    private static List<String> folders(Path backups) throws IOException {
        if (!Files.isDirectory(backups)) {
            return List.of(); // killed before the folder was made
        }
        try (var files = Files.list(backups)) {
            return files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }

    // ---------------------------------------------------------------- 3. restore

    @Test
    @Timeout(600)
    void restore_killedAtRandomTimes_leavesTheTablesAllBeforeOrAllRestored() throws Exception {
        int trials = trials();
        long seed = seed("restore");
        Random random = new Random(seed);
        sql("CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, balance numeric(14,2) NOT NULL)",
                "CREATE TABLE ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts(id), "
                        + "amount numeric(12,2) NOT NULL, note text)",
                "INSERT INTO accounts SELECT g, 'acct ' || md5(g::text), g * 1.5 FROM generate_series(1, " + ACCOUNTS + ") g",
                "INSERT INTO ledger SELECT g, 1 + g % " + ACCOUNTS + ", (g % 1000) * 0.5, 'n' || g "
                        + "FROM generate_series(1, " + 2 * ACCOUNTS + ") g");
        Path backups = dir.resolve("restore-backups");
        MigrationManager setup = track(builder().backupDirectory(backups).build());
        BackupManifest backup = setup.backup(BackupRequest.builder().label("restore").tables("accounts", "ledger").build());
        List<String> inBackup = state();
        // Changed after the backup: the state a restore starts from.
        sql("DELETE FROM ledger WHERE id % 7 = 0",
                "UPDATE accounts SET balance = balance + 1, name = name || '!' WHERE id % 3 = 0",
                "INSERT INTO accounts SELECT g, 'new ' || g, 0 FROM generate_series(" + (ACCOUNTS + 1) + ", "
                        + (ACCOUNTS + 1000) + ") g",
                "INSERT INTO ledger SELECT g, " + ACCOUNTS + " + 1 + g % 1000, 1, 'new' FROM generate_series("
                        + (2 * ACCOUNTS + 1) + ", " + (2 * ACCOUNTS + 3000) + ") g",
                "CREATE SCHEMA before_restore",
                "CREATE TABLE before_restore.accounts AS SELECT * FROM accounts",
                "CREATE TABLE before_restore.ledger AS SELECT * FROM ledger");
        List<String> beforeRestore = state();
        assertThat(beforeRestore).isNotEqualTo(inBackup);
        long duration = calibrate("restore", backups.toString(), backup.id());
        assertThat(state()).as("the calibration restore").isEqualTo(inBackup);
        int killedPartWay = 0;
        int rolledBack = 0;
        for (int trial = 1; trial <= trials; trial++) {
            sql("TRUNCATE ledger, accounts", "INSERT INTO accounts SELECT * FROM before_restore.accounts",
                    "INSERT INTO ledger SELECT * FROM before_restore.ledger");
            assertThat(state()).isEqualTo(beforeRestore);
            int delay = random.nextInt((int) Math.max(2, duration));
            Path out = dir.resolve("restore-" + trial + ".log");
            Process child = start(out, "restore", backups.toString(), backup.id());
            awaitReady(child, out);
            Thread.sleep(delay);
            boolean alive = child.isAlive();
            kill(child);
            waitForChildSessions(); // the killed session's transaction is over (rolled back or committed)
            String ctx = "trial " + trial + " (seed " + seed + ", kill " + delay + " ms after ready)\n--- child output ---\n"
                    + read(out);
            List<String> now = state();
            assertThat(now).as("tables after the kill: all before the restore %s or all as in the backup %s, %s",
                    beforeRestore, inBackup, ctx).isIn(beforeRestore, inBackup);
            boolean before = now.equals(beforeRestore);
            if (alive) {
                killedPartWay++;
                if (before) {
                    rolledBack++;
                }
            }

            MigrationManager m = track(builder().backupDirectory(backups).build());
            m.restore(backup.id(), RestoreRequest.defaults());
            assertThat(state()).as("tables after the next restore, %s", ctx).isEqualTo(inBackup);
            System.out.println("restore trial " + trial + ": kill " + delay + " ms after ready, "
                    + (alive ? "killed" : "finished first") + ", tables " + (before ? "as before the restore" : "as in the backup"));
            m.close();
        }
        System.out.println("CrashConsistencyTest restore: " + trials + " trials, " + killedPartWay + " killed part-way ("
                + rolledBack + " rolled back, " + (killedPartWay - rolledBack) + " after the commit), never mixed, data lost: 0");
        assertThat(rolledBack).as("kills that landed inside the restore's transaction").isGreaterThanOrEqualTo(trials / 3);
    }

    /** Row count and order-independent checksum of each restored table. */
    private List<String> state() {
        List<String> state = new ArrayList<>();
        for (String table : List.of("accounts", "ledger")) {
            state.add(table + " " + queryStrings("SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) "
                    + "FROM public." + table + " t").get(0));
        }
        return state;
    }

    // ---------------------------------------------------------------- the child

    /** The child's connection URL, tagged so that its sessions can be told apart in pg_stat_activity. */
    private String childUrl() {
        return db.url() + (db.url().contains("?") ? "&" : "?") + "ApplicationName=" + APP;
    }

    private Process start(Path out, String mode, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                CrashMain.class.getName(), mode, childUrl(), db.user(), db.password() == null ? "" : db.password()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Waits until the child has built its manager and is about to start the operation. */
    private static void awaitReady(Process child, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !read(out).contains("ready")) {
            Thread.sleep(2);
        }
        assertThat(read(out)).as("the child started\n%s", read(out)).contains("ready");
    }

    /** SIGKILL: no shutdown hooks, nothing closed or rolled back by the client. */
    private static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
    }

    /** Runs the child to the end once and returns how long the operation took after {@code ready}, in ms. */
    private long calibrate(String mode, String... args) throws Exception {
        Path out = dir.resolve("calibration-" + mode + ".log");
        Process child = start(out, mode, args);
        awaitReady(child, out);
        long t0 = System.nanoTime();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(child.exitValue()).as("calibration run of %s\n%s", mode, read(out)).isZero();
        System.out.println("CrashConsistencyTest " + mode + ": one uninterrupted run takes " + ms + " ms after ready");
        waitForChildSessions();
        return ms;
    }

    /** Waits until the database has ended every session of a killed child. */
    private void waitForChildSessions() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", APP) > 0) {
            assertThat(System.nanoTime()).as("the killed child's sessions ended").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static String read(Path out) {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
