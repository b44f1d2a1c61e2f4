package dev.migrator.jdbc.it;

import static dev.migrator.jdbc.testing.CrashTrials.awaitReady;
import static dev.migrator.jdbc.testing.CrashTrials.elapsed;
import static dev.migrator.jdbc.testing.CrashTrials.killAt;
import static dev.migrator.jdbc.testing.CrashTrials.read;
import static dev.migrator.jdbc.testing.CrashTrials.trials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Script;
import dev.migrator.api.VerifyReport;
import dev.migrator.jdbc.testing.CrashTrials.Launcher;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash consistency (issue 8): {@code migrate()}, {@code backup()} and {@code restore()} each run in a child JVM
 * ({@link CrashMain}) killed with SIGKILL at a random moment chosen from observable progress, then checked from the
 * outside with plain JDBC and a fresh manager:
 *
 * <ol>
 *   <li>migrate: the history agrees with the schema after every kill and the next run is not held up by the killed
 *       run's lock (PostgreSQL's advisory lock and MariaDB's {@code GET_LOCK} end with the session). On PostgreSQL a
 *       script and its history row commit together, so the next {@code migrate()} simply finishes. On MariaDB every
 *       statement commits by itself, so a kill inside a script leaves part of it applied; what the library guarantees
 *       there is that the script is recorded as failed before its first statement, with the statements known to be
 *       done, so the next {@code migrate()} refuses with a {@link FailedMigrationPendingException} naming it instead of
 *       re-running applied statements; doing what that message says (undo the statement that was running if it
 *       completed, then {@code resumeFailed(true)}) finishes the run;
 *   <li>backup: the store lists only backups that verify; leftover {@code .incomplete-*} folders are ignored; the next
 *       backup succeeds;
 *   <li>restore: the tables are exactly as before the restore or exactly as in the backup, never a mix; the next
 *       restore succeeds.
 * </ol>
 */
abstract class AbstractCrashConsistencyTest extends AbstractCrashTest {

    /** Rows of each backed-up table: halved on MariaDB, which is slower at the same work. */
    private int backupRows() {
        return postgres() ? 10_000 : 5_000;
    }

    /** Accounts of the restore (with twice as many ledger rows): halved on MariaDB too. */
    private int accounts() {
        return postgres() ? 8_000 : 4_000;
    }

    AbstractCrashConsistencyTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** CrashMain's arguments: the mode, this database, then the mode's own. */
    private String[] childArgs(String mode, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = mode;
        args[1] = childUrl();
        args[2] = db.user();
        args[3] = db.password();
        System.arraycopy(more, 0, args, 4, more.length);
        return args;
    }

    private Launcher launcher(String mode, int trials, IntFunction<String[]> args) {
        return new Launcher(trials, n -> dir.resolve(mode + "-" + n + ".log"), CrashMain.class, args);
    }

    // ---------------------------------------------------------------- 1. migrate

    @Test
    @Timeout(600)
    void migrate_killedAtRandomPoints_historyAgreesWithSchemaAndTheNextRunFinishes() throws Exception {
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("migrate", trials);
        Random random = new Random(seed);
        List<Script> scripts = CrashMain.scripts(postgres());
        int scriptCount = scripts.size();
        int killedPartWay = 0;
        int refused = 0;
        int runningStatementDone = 0;
        long maxLockFreeMs = 0;
        long slowestNextRunMs = 0;
        try (Launcher children = launcher("migrate", trials, n -> childArgs("migrate"))) {
            for (int trial = 1; trial <= trials; trial++) {
                sql("DROP TABLE IF EXISTS " + IntStream.rangeClosed(1, scriptCount).mapToObj(i -> "t_" + i)
                        .collect(Collectors.joining(", ")) + ", " + HISTORY);
                int mark = random.nextInt(scriptCount);
                int jitter = random.nextInt(12);
                Path out = dir.resolve("migrate-" + trial + ".log");
                Process child = children.go(trial);
                boolean alive;
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    awaitReady(child, out);
                    alive = killAt(child, () -> count(s, "SELECT count(*) FROM " + HISTORY), mark, jitter);
                }
                // The lock ends with the killed session; a statement the child had sent may still finish until then.
                long lockFreeMs = waitForChildSessions();
                maxLockFreeMs = Math.max(maxLockFreeMs, lockFreeMs);
                String ctx = "trial " + trial + " (seed " + seed + ", kill after history row " + mark + " + " + jitter
                        + " ms)\n--- child output ---\n" + read(out);
                // The README's bound: the killed session, and the lock that ends with it, gone within 1 s of the kill.
                assertThat(lockFreeMs).as("the killed session (and its lock) ended %d ms after the kill, %s", lockFreeMs, ctx)
                        .isLessThan(1_000);

                List<HistoryRow> rows = history();
                List<HistoryRow> failed = rows.stream().filter(r -> !r.success()).toList();
                TreeSet<Integer> recorded = rows.stream().map(r -> Integer.valueOf(r.version()))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(rows).as("no duplicate history rows after the kill, %s", ctx).hasSize(recorded.size());
                assertThat(recorded).as("scripts ran in order, %s", ctx)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, rows.size()).boxed().toList());
                // Every script recorded as applied is completely applied, and nothing unrecorded was left behind.
                List<String> applied = rows.stream().filter(HistoryRow::success).map(HistoryRow::version).toList();
                if (!applied.isEmpty()) {
                    assertThat(queryStrings(applied.stream()
                            .map(v -> "SELECT concat('" + v + ":', (SELECT count(*) FROM t_" + v + "))")
                            .collect(Collectors.joining(" UNION ALL ")))).as("each applied script's insert, %s", ctx)
                            .containsExactlyInAnyOrderElementsOf(applied.stream().map(v -> v + ":1").toList());
                }
                TreeSet<Integer> tables = scriptTables();
                assertThat(recorded).as("tables vs history after the kill, %s", ctx).containsAll(tables);
                HistoryRow interrupted = null;
                if (postgres()) {
                    assertThat(failed).as("a script and its history row commit together, %s", ctx).isEmpty();
                    assertThat(tables).as("tables vs history after the kill, %s", ctx).isEqualTo(recorded);
                } else if (!failed.isEmpty()) {
                    // A kill inside a script on MariaDB: recorded as failed with the statements known to be done; the
                    // statement after them may have completed too (the server finishes it after the client died).
                    interrupted = failed.get(0);
                    assertThat(failed).as("only the last script can be left part-way, %s", ctx).containsExactly(rows.get(rows.size() - 1));
                    int done = interrupted.statementsCompleted();
                    String table = "t_" + interrupted.version();
                    assertThat(done).as("statements of the interrupted script, %s", ctx).isBetween(0, 2);
                    assertThat(tableExists(table) || done == 0).as("its statement 1, %s", ctx).isTrue();
                    assertThat(done == 2 || !tableExists(table) || rowCount(table) == 0).as("its statement 3, %s", ctx).isTrue();
                }
                if (alive && (rows.size() < scriptCount || interrupted != null)) {
                    killedPartWay++;
                }

                MigrationManager m = track(builder().scripts(scripts).lockTimeout(Duration.ofSeconds(10)).build());
                long t0 = System.nanoTime();
                MigrateResult result;
                if (interrupted == null) {
                    result = m.migrate();
                } else {
                    refused++;
                    int done = interrupted.statementsCompleted();
                    assertThatThrownBy(m::migrate).as("the next run after a kill inside a script, %s", ctx)
                            .isInstanceOf(FailedMigrationPendingException.class)
                            .hasMessageContaining("V" + interrupted.version() + "__create_t_" + interrupted.version())
                            .hasMessageContaining("after " + done + " completed statement(s), or that run was stopped there")
                            .hasMessageContaining("statement " + (done + 1) + " may have completed too")
                            .hasMessageContaining("resumeFailed(true) to continue from statement " + (done + 1));
                    // What the message says: check the statement that was running, undo it if it completed, resume.
                    String table = "t_" + interrupted.version();
                    if (done == 0 && tableExists(table)) {
                        runningStatementDone++;
                        sql("DROP TABLE " + table);
                    } else if (done == 2 && rowCount(table) > 0) {
                        runningStatementDone++;
                        sql("DELETE FROM " + table);
                    }
                    result = m.migrate(MigrateOptions.builder().resumeFailed(true).build());
                }
                long nextRunMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                slowestNextRunMs = Math.max(slowestNextRunMs, nextRunMs);
                assertThat(nextRunMs).as("the next run took %d ms, %s", nextRunMs, ctx).isLessThan(5_000);
                assertThat(result.applied()).as("applied by the next run, %s", ctx)
                        .hasSize(scriptCount - rows.size() + (interrupted == null ? 0 : 1));

                List<HistoryRow> after = history();
                assertThat(after).as("history after the next run, %s", ctx).allMatch(HistoryRow::success)
                        .extracting(HistoryRow::version)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, scriptCount).mapToObj(String::valueOf).toList());
                assertThat(scriptTables()).as("tables after the next run, %s", ctx)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, scriptCount).boxed().toList());
                String union = IntStream.rangeClosed(1, scriptCount).mapToObj(i -> "SELECT id FROM t_" + i)
                        .collect(Collectors.joining(" UNION ALL "));
                assertThat(queryStrings("SELECT concat(count(*), ':', sum(id)) FROM (" + union + ") u"))
                        .as("each script's insert ran exactly once, %s", ctx)
                        .containsExactly(scriptCount + ":" + (scriptCount * (scriptCount + 1) / 2));
                System.out.println("migrate trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                        + (alive ? "killed" : "finished first") + ", " + rows.size() + " in the history ("
                        + (interrupted == null ? "none" : "V" + interrupted.version() + " after "
                                + interrupted.statementsCompleted() + " statement(s)") + " part-way), lock free "
                        + lockFreeMs + " ms after the kill, next run " + nextRunMs + " ms");
                m.close();
            }
        }
        System.out.println(label("migrate") + ": " + trials + " trials, " + killedPartWay + " killed part-way, "
                + (trials - refused) + " next runs finished at once, " + refused + " refused naming the script left "
                + "part-way and finished after resumeFailed (" + runningStatementDone + " had their running statement "
                + "completed, undone first), lock free at most " + maxLockFreeMs + " ms after the kill, slowest next run "
                + slowestNextRunMs + " ms, data lost: 0, " + elapsed(started));
        assertThat(killedPartWay).as("kills that landed part-way through the migrate").isGreaterThanOrEqualTo(trials / 2);
    }

    /** The i of every table t_i in the default schema. */
    private TreeSet<Integer> scriptTables() {
        return queryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE 't\\_%'",
                defaultSchema()).stream().map(n -> n.substring(2)).filter(n -> n.matches("[0-9]+")).map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Scripts mixing DDL (commits by itself, counted right after) and runs of DML (committed together with
     * their count): after a kill the history's count is one the groups allow (0, 1, 4 or 5 of 8, never inside a run of
     * DML), the rows present are exactly those of the statements counted (a kill inside a run of DML rolls back its
     * rows and its count together), only the DDL right after the count may have completed too, and doing what the
     * refusal says finishes the run with every insert applied exactly once. PostgreSQL runs each of these scripts
     * whole in one transaction: there a kill leaves no script part-way, and the same row checks hold.
     */
    @Test
    @Timeout(600)
    void migrateMixed_killedAtRandomPoints_rowsPresentAreExactlyTheStatementsCounted() throws Exception {
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("migrate mixed", trials);
        Random random = new Random(seed);
        List<Script> scripts = CrashMain.mixed(postgres());
        int scriptCount = scripts.size();
        int killedInsideDml = 0;
        int killedPartWay = 0;
        int refused = 0;
        int ddlDoneUncounted = 0;
        Map<Integer, Integer> counts = new TreeMap<>();
        try (Launcher children = launcher("mixed", trials, n -> childArgs("mixed"))) {
            for (int trial = 1; trial <= trials; trial++) {
                sql("DROP TABLE IF EXISTS " + IntStream.rangeClosed(1, scriptCount).mapToObj(i -> "m_" + i)
                        .collect(Collectors.joining(", ")) + ", " + HISTORY);
                int mark = random.nextInt(scriptCount);
                int jitter = random.nextInt(12);
                Path out = dir.resolve("mixed-" + trial + ".log");
                Process child = children.go(trial);
                boolean alive;
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    awaitReady(child, out);
                    alive = killAt(child, () -> count(s, "SELECT count(*) FROM " + HISTORY), mark, jitter);
                }
                waitForChildSessions();
                String ctx = "trial " + trial + " (seed " + seed + ", kill after history row " + mark + " + " + jitter
                        + " ms)\n--- child output ---\n" + read(out);

                List<HistoryRow> rows = history();
                for (HistoryRow row : rows) {
                    String table = "m_" + row.version();
                    int done = row.success() ? 8 : row.statementsCompleted();
                    if (!row.success()) {
                        assertThat(row).as("only the last script can be left part-way, %s", ctx).isEqualTo(rows.get(rows.size() - 1));
                        assertThat(done).as("a count between groups, never inside a run of DML, %s", ctx).isIn(0, 1, 4, 5);
                    }
                    assertThat(tableExists(table) ? queryStrings("SELECT id FROM " + table + " ORDER BY id") : List.<String>of())
                            .as("rows of %s present == statements counted (%d), %s", table, done, ctx)
                            .containsExactlyElementsOf(CrashMain.mixedIds(done));
                    if (done >= 1) {
                        assertThat(tableExists(table)).as("%s after %d statements, %s", table, done, ctx).isTrue();
                    }
                    if (done >= 5) {
                        assertThat(columns(defaultSchema(), table)).as("%s after %d statements, %s", table, done, ctx).contains("extra");
                    } else if (done >= 1 && done < 4) {
                        assertThat(columns(defaultSchema(), table)).as("%s after %d statements, %s", table, done, ctx)
                                .doesNotContain("extra");
                    }
                }
                assertThat(mixedTables()).as("tables vs history after the kill, %s", ctx)
                        .allMatch(t -> t <= rows.size());
                HistoryRow interrupted = rows.isEmpty() || rows.get(rows.size() - 1).success() ? null : rows.get(rows.size() - 1);
                if (postgres()) {
                    assertThat(interrupted).as("no script part-way where each runs in one transaction, %s", ctx).isNull();
                }
                if (interrupted != null) {
                    counts.merge(interrupted.statementsCompleted(), 1, Integer::sum);
                    if (interrupted.statementsCompleted() == 1 || interrupted.statementsCompleted() == 5) {
                        killedInsideDml++;
                    }
                }
                if (alive && (rows.size() < scriptCount || interrupted != null)) {
                    killedPartWay++;
                }

                MigrationManager m = track(builder().scripts(scripts).lockTimeout(Duration.ofSeconds(10)).build());
                MigrateResult result;
                if (interrupted == null) {
                    result = m.migrate();
                } else {
                    refused++;
                    int done = interrupted.statementsCompleted();
                    assertThatThrownBy(m::migrate).as("the next run after a kill inside a script, %s", ctx)
                            .isInstanceOf(FailedMigrationPendingException.class)
                            .hasMessageContaining("V" + interrupted.version() + "__mixed_" + interrupted.version())
                            .hasMessageContaining("after " + done + " completed statement(s)");
                    // What the message says: the statement after the count may have completed; only DDL can have.
                    String table = "m_" + interrupted.version();
                    if (done == 0 && tableExists(table)) {
                        ddlDoneUncounted++;
                        sql("DROP TABLE " + table);
                    } else if (done == 4 && columns(defaultSchema(), table).contains("extra")) {
                        ddlDoneUncounted++;
                        sql("ALTER TABLE " + table + " DROP COLUMN extra");
                    }
                    result = m.migrate(MigrateOptions.builder().resumeFailed(true).build());
                }
                assertThat(result.applied()).as("applied by the next run, %s", ctx)
                        .hasSize(scriptCount - rows.size() + (interrupted == null ? 0 : 1));
                assertThat(history()).as("history after the next run, %s", ctx).allMatch(HistoryRow::success)
                        .hasSize(scriptCount);
                String union = IntStream.rangeClosed(1, scriptCount).mapToObj(i -> "SELECT id, extra FROM m_" + i)
                        .collect(Collectors.joining(" UNION ALL "));
                assertThat(queryStrings("SELECT concat(count(*), ':', sum(id), ':', count(extra)) FROM (" + union + ") u"))
                        .as("each insert ran exactly once and every table has its column, %s", ctx)
                        .containsExactly((4 * scriptCount) + ":" + (10 * scriptCount) + ":0");
                System.out.println("migrate mixed trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                        + (alive ? "killed" : "finished first") + ", " + rows.size() + " in the history ("
                        + (interrupted == null ? "none" : "V" + interrupted.version() + " after "
                                + interrupted.statementsCompleted() + " statement(s)") + " part-way)");
                m.close();
            }
        }
        System.out.println(label("migrate mixed") + ": " + trials + " trials, " + killedPartWay + " killed part-way, "
                + refused + " refused naming the script and finished after resumeFailed, counts left by kills " + counts
                + " (" + killedInsideDml + " inside or after a run of DML), " + ddlDoneUncounted
                + " had the DDL after the count completed (undone first), rows present == statements counted in every "
                + "trial, " + elapsed(started));
        assertThat(killedPartWay).as("kills that landed part-way through the migrate").isGreaterThanOrEqualTo(trials / 2);
    }

    /** The i of every table m_i in the default schema. */
    private TreeSet<Integer> mixedTables() {
        return queryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE 'm\\_%'",
                defaultSchema()).stream().map(n -> n.substring(2)).filter(n -> n.matches("[0-9]+")).map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- 2. backup

    @Test
    @Timeout(600)
    void backup_killedAtRandomTimes_onlyCompleteBackupsAreListedAndTheNextBackupSucceeds() throws Exception {
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("backup", trials);
        Random random = new Random(seed);
        for (String table : CrashMain.BACKUP_TABLES) {
            sql("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL, amount decimal(12,2), at "
                    + timestampType() + ", doc " + jsonType() + ")",
                    "INSERT INTO " + table + " SELECT g, concat('" + table + " ', md5(concat(g))), g * 0.25, " + at("g") + ", "
                            + json("g", "g") + " FROM " + series(1, backupRows()));
        }
        long duration = calibrate("backup", CrashMain.class, childArgs("backup", dir.resolve("backup-calibration").toString()));
        int killedPartWay = 0;
        int leftovers = 0;
        int complete = 0;
        try (Launcher children = launcher("backup", trials, n -> childArgs("backup", dir.resolve("backups-" + n).toString()))) {
            for (int trial = 1; trial <= trials; trial++) {
                Path backups = dir.resolve("backups-" + trial);
                int delay = random.nextInt((int) Math.max(2, duration));
                Path out = dir.resolve("backup-" + trial + ".log");
                Process child = children.go(trial);
                awaitReady(child, out);
                boolean alive = killAt(child, () -> 0, 0, delay);
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
                complete += listed.size();
                // Nothing outside .incomplete-* looks like a backup unless it is one, complete and valid.
                assertThat(folders.stream().filter(n -> !n.startsWith(".incomplete-")).sorted().toList())
                        .as("backup folders vs the list, %s", ctx)
                        .containsExactlyElementsOf(listed.stream().map(BackupManifest::id).sorted().toList());
                if (alive && listed.isEmpty()) {
                    killedPartWay++;
                }

                BackupManifest next = m.backup(BackupRequest.builder().label("after").tables(CrashMain.BACKUP_TABLES).build());
                assertThat(next.rowCount()).as("the next backup, %s", ctx).isEqualTo(3L * backupRows());
                VerifyReport v = m.backups().verify(next.id());
                assertThat(v.isValid()).as("the next backup verifies: %s, %s", v.problems(), ctx).isTrue();
                assertThat(m.backups().list()).as("list after the next backup, %s", ctx).hasSize(listed.size() + 1)
                        .noneMatch(b -> b.id().startsWith(".incomplete-"));
                System.out.println("backup trial " + trial + ": kill " + delay + " ms after ready, "
                        + (alive ? "killed" : "finished first") + ", " + listed.size() + " complete, " + incomplete.size()
                        + " incomplete left over");
                m.close();
            }
        }
        System.out.println(label("backup") + ": " + trials + " trials, " + killedPartWay + " killed part-way, "
                + complete + " complete backups listed (all verify), " + leftovers
                + " .incomplete-* folders left over (ignored), next backup succeeded " + trials + "/" + trials
                + ", data lost: 0, " + elapsed(started));
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
        int accounts = accounts();
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("restore", trials);
        Random random = new Random(seed);
        sql("CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, balance decimal(14,2) NOT NULL)",
                "CREATE TABLE ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount decimal(12,2) NOT NULL, "
                        + "note text, FOREIGN KEY (account_id) REFERENCES accounts (id))",
                "INSERT INTO accounts SELECT g, concat('acct ', md5(concat(g))), g * 1.5 FROM " + series(1, accounts),
                "INSERT INTO ledger SELECT g, 1 + g % " + accounts + ", (g % 1000) * 0.5, concat('n', g) FROM "
                        + series(1, 2 * accounts));
        Path backups = dir.resolve("restore-backups");
        String backupId;
        try (MigrationManager setup = builder().backupDirectory(backups).build()) {
            backupId = setup.backup(BackupRequest.builder().label("restore").tables("accounts", "ledger").build()).id();
        }
        List<String> inBackup = state();
        // Changed after the backup: the state a restore starts from.
        sql("DELETE FROM ledger WHERE id % 7 = 0",
                "UPDATE accounts SET balance = balance + 1, name = concat(name, '!') WHERE id % 3 = 0",
                "INSERT INTO accounts SELECT g, concat('new ', g), 0 FROM " + series(accounts + 1, accounts + 1000),
                "INSERT INTO ledger SELECT g, " + accounts + " + 1 + g % 1000, 1, 'new' FROM "
                        + series(2 * accounts + 1, 2 * accounts + 3000),
                "CREATE TABLE before_accounts AS SELECT * FROM accounts",
                "CREATE TABLE before_ledger AS SELECT * FROM ledger");
        List<String> beforeRestore = state();
        assertThat(beforeRestore).isNotEqualTo(inBackup);
        long duration = calibrate("restore", CrashMain.class, childArgs("restore", backups.toString(), backupId));
        assertThat(state()).as("the calibration restore").isEqualTo(inBackup);
        int killedPartWay = 0;
        int rolledBack = 0;
        int asBefore = 0;
        try (Launcher children = launcher("restore", trials, n -> childArgs("restore", backups.toString(), backupId))) {
            for (int trial = 1; trial <= trials; trial++) {
                sql("DELETE FROM ledger", "DELETE FROM accounts", "INSERT INTO accounts SELECT * FROM before_accounts",
                        "INSERT INTO ledger SELECT * FROM before_ledger");
                assertThat(state()).isEqualTo(beforeRestore);
                int delay = random.nextInt((int) Math.max(2, duration));
                Path out = dir.resolve("restore-" + trial + ".log");
                Process child = children.go(trial);
                awaitReady(child, out);
                boolean alive = killAt(child, () -> 0, 0, delay);
                waitForChildSessions(); // the killed session's transaction is over (rolled back or committed)
                String ctx = "trial " + trial + " (seed " + seed + ", kill " + delay + " ms after ready)\n--- child output ---\n"
                        + read(out);
                List<String> now = state();
                assertThat(now).as("tables after the kill: all before the restore %s or all as in the backup %s, %s",
                        beforeRestore, inBackup, ctx).isIn(beforeRestore, inBackup);
                boolean before = now.equals(beforeRestore);
                if (before) {
                    asBefore++;
                }
                if (alive) {
                    killedPartWay++;
                    if (before) {
                        rolledBack++;
                    }
                }

                MigrationManager m = track(builder().backupDirectory(backups).build());
                m.restore(backupId, RestoreRequest.defaults());
                assertThat(state()).as("tables after the next restore, %s", ctx).isEqualTo(inBackup);
                System.out.println("restore trial " + trial + ": kill " + delay + " ms after ready, "
                        + (alive ? "killed" : "finished first") + ", tables " + (before ? "as before the restore" : "as in the backup"));
                m.close();
            }
        }
        System.out.println(label("restore") + ": " + trials + " trials, " + killedPartWay + " killed part-way, tables as "
                + "before " + asBefore + " / as in the backup " + (trials - asBefore) + " (" + rolledBack
                + " rolled back by the kill), never mixed, next restore succeeded " + trials + "/" + trials + ", data lost: 0, "
                + elapsed(started));
        assertThat(rolledBack).as("kills that landed inside the restore's transaction").isGreaterThanOrEqualTo(trials / 3);
    }

    /** Row count and order-independent checksum of each restored table. */
    private List<String> state() {
        return List.of("accounts " + countAndChecksum("accounts", "id", "name", "balance"),
                "ledger " + countAndChecksum("ledger", "id", "account_id", "amount", "note"));
    }
}
