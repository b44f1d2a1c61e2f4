package dev.migrator.jdbc.it;

import static dev.migrator.jdbc.testing.CrashTrials.elapsed;
import static dev.migrator.jdbc.testing.CrashTrials.killAt;
import static dev.migrator.jdbc.testing.CrashTrials.read;
import static dev.migrator.jdbc.testing.CrashTrials.trials;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.CrashTrials.Launcher;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A data migration in a child JVM ({@link DataMigrationMain}) killed with SIGKILL when the committed rows pass a
 * random mark, then run again: whatever was committed matches the checkpoint exactly (a batch and its checkpoint
 * commit together), and after the resume the target equals the (transformed) source — no record lost, none written
 * twice — and the backup folder holds only complete backups. {@code -Dmigrator.crash.trials=N} runs more (soak; the
 * plain copy runs 8 unless set, or {@code -Dmigrator.crash.plainTrials=N}), {@code -Dmigrator.crash.seed=S} replays.
 */
abstract class AbstractDataMigrationCrashTest extends AbstractCrashTest {

    /** Source rows: fewer on MariaDB, slower at the same work. */
    private int rows() {
        return postgres() ? 8_000 : 5_000;
    }
    private static final int BATCH = 250;

    private String schema;

    AbstractDataMigrationCrashTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @BeforeEach
    void createSource() {
        schema = defaultSchema();
        sql("CREATE TABLE source (id bigint PRIMARY KEY, email text NOT NULL, amount decimal(12,2), at " + timestampType()
                + ", doc " + jsonType() + ")",
                "INSERT INTO source SELECT g, concat('user', g, '@example.com'), g * 1.5, " + at("g * 60") + ", "
                        + json("n", "g") + " FROM " + series(1, rows()));
    }

    @Test
    @Timeout(600)
    void migrateData_killedAtRandomPoints_resumesToATargetEqualToTheTransformedSource() throws Exception {
        sql("CREATE TABLE target (id bigint PRIMARY KEY, email text NOT NULL, amount decimal(12,2), at " + timestampType()
                + ", doc " + jsonType() + ", copied boolean NOT NULL)");
        String want = countAndChecksum("source", "id", "upper(email)", "amount", "at", jsonText("doc"));
        crashAndResume("data migration", trials(), "target", DataMigrationMain::migration, "transform",
                "[crash_copy] Copying records (not natively): the migration has transforms, validators or schemas",
                () -> countAndChecksum("target WHERE copied", "id", "email", "amount", "at", jsonText("doc")), want);
    }

    /**
     * The same without a transform: a plain copy, which takes the native path on PostgreSQL (COPY text passed through)
     * and the record path on MariaDB (it has no native format); the report's verification compares both sides' content
     * too. Which path each child took is read from its DEBUG line (see {@link DataMigrationMain}).
     */
    @Test
    @Timeout(600)
    void migrateData_plainCopyKilledAtRandomPoints_resumesToATargetEqualToTheSource() throws Exception {
        sql("CREATE TABLE plain_target (id bigint PRIMARY KEY, email text NOT NULL, amount decimal(12,2), at "
                + timestampType() + ", doc " + jsonType() + ")");
        String[] columns = {"id", "email", "amount", "at", jsonText("doc")};
        String want = countAndChecksum("source", columns);
        int trials = Integer.getInteger("migrator.crash.plainTrials", System.getProperty("migrator.crash.trials") == null ? 8 : trials());
        String path = postgres()
                ? "[crash_plain_copy] Copying " + schema + ".source into " + schema + ".plain_target natively "
                        + "(postgresql-copy-text)"
                : "[crash_plain_copy] Copying records (not natively): the target has no native format";
        crashAndResume("plain copy", trials, "plain_target", DataMigrationMain::plainMigration, "plain", path,
                () -> countAndChecksum("plain_target", columns), want);
    }

    /**
     * @param path the line the child logs when it chooses its copy path (native or records), expected in the output of
     *     every child that committed rows
     */
    private void crashAndResume(String scenario, int trials, String target, Function<String, DataMigration> migration,
            String mode, String path, Supplier<String> actual, String want) throws Exception {
        long started = System.nanoTime();
        long seed = seed(scenario, trials);
        Random random = new Random(seed);
        int killedPartWay = 0;
        int killedBeforeFirstBatch = 0;
        int finishedFirst = 0;
        int tookThePath = 0;
        long maxLockFreeMs = 0;
        try (Launcher children = new Launcher(trials, n -> dir.resolve(target + "-" + n + ".log"), DataMigrationMain.class,
                n -> new String[] {childUrl(), db.user(), db.password(), schema, dir.resolve(target + "-backups-" + n).toString(), mode})) {
            for (int trial = 1; trial <= trials; trial++) {
                sql("DELETE FROM " + target, "DROP TABLE IF EXISTS migrator_data_checkpoints");
                Path backups = dir.resolve(target + "-backups-" + trial);
                // Kill when the committed rows pass a random mark (0: during start-up or the backup), a few ms later.
                long mark = random.nextInt(rows());
                int jitter = random.nextInt(30);
                Path out = dir.resolve(target + "-" + trial + ".log");
                Process child = children.go(trial);
                boolean finished;
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    finished = !killAt(child, () -> count(s, "SELECT count(*) FROM " + target), mark, jitter);
                }
                // The killed batch's transaction ends with the session: rolled back, or committed with its checkpoint.
                maxLockFreeMs = Math.max(maxLockFreeMs, waitForChildSessions());
                String ctx = "trial " + trial + " (seed " + seed + ", kill at mark " + mark + " + " + jitter
                        + " ms)\n--- child output ---\n" + read(out);
                long before = queryLong("SELECT count(*) FROM " + target);
                if (before > 0) {
                    // The path is chosen, and logged, before the first batch: a child that committed rows took it.
                    assertThat(read(out)).as("the copy path the child took, %s", ctx).contains(path);
                    tookThePath++;
                }
                MigrationManager m = track(builder().backupDirectory(backups).build());
                DataMigrationStatus status = m.dataStatus(migration.apply(schema));
                assertThat(before).as("rows committed vs checkpoint, %s", ctx).isEqualTo(status.written());
                if (finished) {
                    finishedFirst++;
                } else if (before == 0) {
                    killedBeforeFirstBatch++;
                } else if (before < rows()) {
                    killedPartWay++;
                }

                DataMigrationResult resumed = m.migrateData(migration.apply(schema), DataMigrationOptions.builder().batchSize(BATCH).build());
                assertThat(actual.get()).as("target vs source after the resume, %s", ctx).isEqualTo(want);
                assertThat(resumed.resumedAfter() + resumed.read()).as("records read over both runs, %s", ctx).isEqualTo(rows());
                assertThat(resumed.verification()).as("the resumed run's verification, %s", ctx)
                        .hasValueSatisfying(v -> assertThat(v.isValid()).as("%s", v.problems()).isTrue());
                for (String backup : backupFolders(backups)) {
                    assertThat(m.backups().verify(backup).isValid()).as("backup %s verifies, %s", backup, ctx).isTrue();
                }
                System.out.println(scenario + " trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                        + (finished ? "finished first" : "killed") + ", " + before + " rows committed, resumed after "
                        + resumed.resumedAfter() + ", read " + resumed.read());
                m.close();
            }
        }
        System.out.println(label(scenario) + ": " + trials + " trials, " + killedPartWay + " killed part-way, "
                + killedBeforeFirstBatch + " before the first batch, " + finishedFirst + " finished first; committed rows "
                + "equal the checkpoint " + trials + "/" + trials + ", target equals the source after the resume " + trials
                + "/" + trials + ", sessions gone at most " + maxLockFreeMs + " ms after the kill, " + tookThePath + " children "
                + "seen taking the " + (path.contains("natively (") ? "native" : "record") + " path, data lost: 0, "
                + elapsed(started));
        assertThat(killedPartWay).as("kills that landed part-way through the copy").isGreaterThanOrEqualTo(trials / 2);
    }

    /** The complete backups' folders (not {@code .incomplete-*}); none when killed before the folder was made. */
    private static List<String> backupFolders(Path backups) throws IOException {
        try (var files = Files.list(backups)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".incomplete-")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
