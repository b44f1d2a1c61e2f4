package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data migration in a child JVM killed with SIGKILL at random moments, then run again: every time, the target ends
 * equal to the transformed source — no record lost, none written twice — and the backup folder holds only complete
 * backups. Seeds are printed; {@code -Dmigrator.crash.trials=N} runs more (soak), {@code -Dmigrator.crash.seed=S} replays.
 */
class DataMigrationCrashTest extends ItSupport {

    private static final int ROWS = 12_000;

    @TempDir
    Path dir;

    DataMigrationCrashTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    @Timeout(600)
    void migrateData_killedAtRandomPoints_resumesToATargetEqualToTheSource() throws Exception {
        int trials = Integer.getInteger("migrator.crash.trials", 20);
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println("DataMigrationCrashTest: " + trials + " trials, seed " + seed);
        Random random = new Random(seed);
        String schema = defaultSchema();
        sql("CREATE TABLE source (id bigint PRIMARY KEY, email text NOT NULL, amount numeric(12,2), at timestamptz, "
                + "doc jsonb)",
                "INSERT INTO source SELECT g, 'user' || g || '@example.com', g * 1.5, "
                        + "timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute', jsonb_build_object('n', g) "
                        + "FROM generate_series(1, " + ROWS + ") g",
                "CREATE TABLE target (id bigint PRIMARY KEY, email text NOT NULL, amount numeric(12,2), at timestamptz, "
                        + "doc jsonb, copied boolean NOT NULL)");
        String expected = "SELECT count(*), sum(hashtextextended(id || upper(email) || amount || at || doc::text, 0)) FROM source";
        String actual = "SELECT count(*), sum(hashtextextended(id || email || amount || at || doc::text, 0)) FROM target "
                + "WHERE copied";
        List<String> want = queryStrings(expected);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killedPartWay = 0;
        List<String> trialsLog = new ArrayList<>();
        for (int trial = 1; trial <= trials; trial++) {
            sql("TRUNCATE target", "DROP TABLE IF EXISTS migrator_data_checkpoints");
            Path backups = dir.resolve("backups-" + trial);
            // Kill when the committed rows pass a random mark (0: during start-up or the backup), a few ms later.
            long mark = random.nextInt(ROWS);
            int jitter = random.nextInt(30);
            Path out = dir.resolve("child-" + trial + ".log");
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DataMigrationMain.class.getName(), db.url(), db.user(), db.password(), schema, backups.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && queryLong("SELECT count(*) FROM target") < mark && System.nanoTime() < deadline) {
                Thread.sleep(3);
            }
            Thread.sleep(jitter);
            boolean finished = !child.isAlive();
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing rolled back by the client
            child.waitFor(30, TimeUnit.SECONDS);
            String killAfter = "mark " + mark + " + " + jitter;
            long before = queryLong("SELECT count(*) FROM target");
            MigrationManager m = track(builder().backupDirectory(backups).build());
            DataMigrationStatus status = m.dataStatus(DataMigrationMain.migration(schema));
            // Whatever was committed matches the checkpoint exactly: the batch and its checkpoint commit together.
            assertThat(before).as("trial %d: rows committed vs checkpoint", trial).isEqualTo(status.written());
            if (before > 0 && before < ROWS) {
                killedPartWay++;
            }
            DataMigrationResult resumed = m.migrateData(DataMigrationMain.migration(schema),
                    DataMigrationOptions.builder().batchSize(250).build());
            assertThat(queryStrings(actual)).as("trial %d (seed %d, kill at %s ms)", trial, seed, killAfter)
                    .containsExactlyElementsOf(want);
            assertThat(resumed.resumedAfter() + resumed.read()).isEqualTo(ROWS);
            try (var files = Files.list(backups)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".incomplete-")))
                        .allMatch(n -> m.backups().verify(n).isValid());
            } catch (java.nio.file.NoSuchFileException e) {
                // killed before the backup folder was made
            }
            trialsLog.add("trial " + trial + ": kill at " + killAfter + " ms, " + (finished ? "finished first" : "killed")
                    + ", " + before + " rows committed, resumed " + resumed.read() + ", "
                    + Files.readString(out, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("read=")).findFirst().orElse(""));
            m.close();
        }
        trialsLog.forEach(System.out::println);
        System.out.println("DataMigrationCrashTest: " + trials + " trials, " + killedPartWay + " killed part-way, data lost: 0");
        assertThat(killedPartWay).as("kills that landed part-way through the copy").isGreaterThanOrEqualTo(trials / 2);
    }

    /**
     * The same without a transform, so that the copy takes the native path (COPY text passed through): a kill at any
     * moment leaves exactly the checkpoint's rows, and the next run completes the target without a duplicate.
     */
    @Test
    @Timeout(600)
    void migrateData_plainCopyKilledAtRandomPoints_resumesToATargetEqualToTheSource() throws Exception {
        int trials = Integer.getInteger("migrator.crash.plainTrials", 8);
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println("DataMigrationCrashTest (plain copy): " + trials + " trials, seed " + seed);
        Random random = new Random(seed);
        String schema = defaultSchema();
        sql("CREATE TABLE source (id bigint PRIMARY KEY, email text NOT NULL, amount numeric(12,2), at timestamptz, "
                + "doc jsonb)",
                "INSERT INTO source SELECT g, 'user' || g || '@example.com', g * 1.5, "
                        + "timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute', jsonb_build_object('n', g) "
                        + "FROM generate_series(1, " + ROWS + ") g",
                "CREATE TABLE plain_target (id bigint PRIMARY KEY, email text NOT NULL, amount numeric(12,2), "
                        + "at timestamptz, doc jsonb)");
        String hash = "count(*), sum(hashtextextended(id || email || amount || at || doc::text, 0))";
        List<String> want = queryStrings("SELECT " + hash + " FROM source");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killedPartWay = 0;
        for (int trial = 1; trial <= trials; trial++) {
            sql("TRUNCATE plain_target", "DROP TABLE IF EXISTS migrator_data_checkpoints");
            Path backups = dir.resolve("plain-backups-" + trial);
            long mark = random.nextInt(ROWS);
            int jitter = random.nextInt(30);
            Path out = dir.resolve("plain-child-" + trial + ".log");
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DataMigrationMain.class.getName(), db.url(), db.user(), db.password(), schema, backups.toString(), "plain")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && queryLong("SELECT count(*) FROM plain_target") < mark && System.nanoTime() < deadline) {
                Thread.sleep(3);
            }
            Thread.sleep(jitter);
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            long before = queryLong("SELECT count(*) FROM plain_target");
            MigrationManager m = track(builder().backupDirectory(backups).build());
            DataMigrationStatus status = m.dataStatus(DataMigrationMain.plainMigration(schema));
            assertThat(before).as("trial %d: rows committed vs checkpoint", trial).isEqualTo(status.written());
            if (before > 0 && before < ROWS) {
                killedPartWay++;
            }
            DataMigrationResult resumed = m.migrateData(DataMigrationMain.plainMigration(schema),
                    DataMigrationOptions.builder().batchSize(250).build());
            assertThat(queryStrings("SELECT " + hash + " FROM plain_target"))
                    .as("trial %d (seed %d, kill at mark %d + %d ms)", trial, seed, mark, jitter).containsExactlyElementsOf(want);
            assertThat(resumed.resumedAfter() + resumed.read()).isEqualTo(ROWS);
            assertThat(resumed.verification()).hasValueSatisfying(v -> assertThat(v.isValid()).as("%s", v.problems()).isTrue());
            System.out.println("plain trial " + trial + ": " + before + " rows committed, resumed " + resumed.read());
            m.close();
        }
        assertThat(killedPartWay).as("kills that landed part-way through the copy").isGreaterThanOrEqualTo(trials / 2);
    }
}
