package dev.migrator.mongo.it;

import static dev.migrator.jdbc.testing.CrashTrials.awaitReady;
import static dev.migrator.jdbc.testing.CrashTrials.elapsed;
import static dev.migrator.jdbc.testing.CrashTrials.killAt;
import static dev.migrator.jdbc.testing.CrashTrials.read;
import static dev.migrator.jdbc.testing.CrashTrials.seed;
import static dev.migrator.jdbc.testing.CrashTrials.trials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.CrashTrials.Launcher;
import dev.migrator.mongo.testing.MongoServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Crash consistency on MongoDB (issue 8): {@code migrate()} and a data migration run in a child JVM
 * ({@link MongoCrashMain}) connected over TCP to an in-process server that lives in this JVM and survives the child,
 * killed with SIGKILL at a random moment, then checked through the driver and a fresh manager.
 *
 * <p>The server has no transactions, so each command commits by itself (the hard case; on a replica set a script's
 * documents and its history entry commit together). What the library guarantees there, and what is asserted:
 *
 * <ol>
 *   <li>migrate: every script the history records as applied has its collection, unique index and document; a script
 *       killed part-way is recorded as failed with the commands known to be done (the one that was running may have
 *       completed too), nothing else is left; the killed run's lease blocks the next run for at most the lease
 *       ({@code lockLease} PT2S here) plus the lock's polling pause; the next run refuses naming the part-way script,
 *       and after what its message says (undo the running command if it completed, {@code resumeFailed(true)}) every
 *       script is applied exactly once;
 *   <li>data migration: the checkpoint follows its batch, so the target holds the checkpoint's records and at most one
 *       batch more; with upserts the resumed run leaves the target equal to the transformed source.
 * </ol>
 *
 * Seeds are printed; {@code -Dmigrator.crash.trials=N} runs a soak, {@code -Dmigrator.crash.seed=S} replays.
 */
// Mostly waiting on child JVMs, on a server of its own: runs beside the module's other test classes
// (junit-platform.properties).
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MongoCrashTest {

    private static final String LEASE = "PT2S";
    private static final long LEASE_MS = 2_000;
    /** The longest pause between two attempts at the lock ({@code LeaseLock}). */
    private static final long POLL_MS = 1_000;

    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static MongoServers.Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = MongoServers.inProcess(Clock.systemUTC());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** This test's database for trial {@code n} of a scenario. */
    private static String database(String scenario, int trial) {
        return scenario + "_" + trial + "_" + RUN;
    }

    // ---------------------------------------------------------------- migrate

    @Test
    void migrate_killedAtRandomPoints_historyAgreesWithTheCollectionsAndTheLeaseBlocksAtMostOneLease() throws Exception {
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("crash MongoDB migrate", trials);
        Random random = new Random(seed);
        int killedPartWay = 0;
        int leftLease = 0;
        long maxLeaseLeftMs = 0;
        NextRuns figures = new NextRuns();
        ExecutorService nextRuns = Executors.newSingleThreadExecutor();
        Future<?> pending = null;
        try (Launcher children = new Launcher(trials, n -> dir.resolve("migrate-" + n + ".log"), MongoCrashMain.class,
                n -> new String[] {"migrate", server.uriOf(database("migrate", n)), LEASE})) {
            for (int trial = 1; trial <= trials; trial++) {
                MongoDatabase db = server.client().getDatabase(database("migrate", trial));
                int mark = random.nextInt(MongoCrashMain.SCRIPTS);
                int jitter = random.nextInt(8);
                Path out = dir.resolve("migrate-" + trial + ".log");
                Process child = children.go(trial);
                awaitReady(child, out);
                boolean alive = killAt(child, () -> db.getCollection("migrator_history").countDocuments(), mark, jitter);
                Thread.sleep(50); // a command the child had sent is still carried out by the server
                String ctx = "trial " + trial + " (seed " + seed + ", kill after history entry " + mark + " + " + jitter
                        + " ms)\n--- child output ---\n" + read(out);

                Document lease = db.getCollection("migrator_history_lock").find().first();
                long leaseLeftMs = 0;
                if (lease != null) {
                    leftLease++;
                    leaseLeftMs = Math.max(0, lease.getDate("expires_at").getTime() - serverTime().toEpochMilli());
                    assertThat(leaseLeftMs).as("the killed run's lease, %s", ctx).isLessThanOrEqualTo(LEASE_MS);
                    maxLeaseLeftMs = Math.max(maxLeaseLeftMs, leaseLeftMs);
                }
                List<Document> rows = db.getCollection("migrator_history").find().sort(new Document("_id", 1)).into(new ArrayList<>());
                List<Document> failed = rows.stream().filter(r -> !r.getBoolean("success")).toList();
                assertThat(rows).extracting(r -> r.getString("version")).as("history in order, no duplicates, %s", ctx)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, rows.size()).mapToObj(String::valueOf).toList());
                for (Document r : rows) {
                    if (r.getBoolean("success")) {
                        String c = "c_" + r.getString("version");
                        assertThat(indexNames(db, c)).as("index of applied %s, %s", c, ctx).contains("k_" + r.getString("version"));
                        assertThat(db.getCollection(c).countDocuments()).as("document of applied %s, %s", c, ctx).isEqualTo(1);
                    }
                }
                assertThat(scriptCollections(db)).as("collections vs history after the kill, %s", ctx)
                        .isSubsetOf(IntStream.rangeClosed(1, rows.size()).boxed().toList());
                Document interrupted = null;
                if (!failed.isEmpty()) {
                    interrupted = failed.get(0);
                    assertThat(failed).as("only the last script can be left part-way, %s", ctx).containsExactly(rows.get(rows.size() - 1));
                    int done = interrupted.getInteger("statements_completed");
                    String c = "c_" + interrupted.getString("version");
                    assertThat(done).as("commands of the interrupted script, %s", ctx).isBetween(0, 2);
                    assertThat(done == 0 || collectionExists(db, c)).as("its command 1, %s", ctx).isTrue();
                    assertThat(done >= 1 || !collectionExists(db, c) || !indexNames(db, c).contains("k_" + interrupted.getString("version")))
                            .as("its command 2, %s", ctx).isTrue();
                    assertThat(done == 2 || !collectionExists(db, c) || db.getCollection(c).countDocuments() == 0)
                            .as("its command 3, %s", ctx).isTrue();
                } else {
                    assertThat(scriptCollections(db)).as("collections vs history after the kill, %s", ctx).hasSize(rows.size());
                }
                if (alive && (rows.size() < MongoCrashMain.SCRIPTS || interrupted != null)) {
                    killedPartWay++;
                }

                String trialLine = "mongo migrate trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                        + (alive ? "killed" : "finished first") + ", " + rows.size() + " in the history ("
                        + (interrupted == null ? "none" : "V" + interrupted.getString("version") + " after "
                                + interrupted.getInteger("statements_completed") + " command(s)") + " part-way), lease left "
                        + leaseLeftMs + " ms";
                // The next run waits out the lease; meanwhile the next trial runs on a database of its own.
                await(pending);
                Document part = interrupted;
                int recorded = rows.size();
                pending = nextRuns.submit(() -> {
                    nextRun(db, part, recorded, ctx, trialLine, figures);
                    return null;
                });
            }
            await(pending);
        } finally {
            nextRuns.shutdownNow();
        }
        System.out.println("crash MongoDB migrate: " + trials + " trials, " + killedPartWay + " killed part-way, "
                + (trials - figures.refused) + " next runs finished at once, " + figures.refused + " refused naming the "
                + "script left part-way and finished after resumeFailed (" + figures.runningCommandDone + " had their "
                + "running command completed, undone first), " + leftLease + " left a lease (at most " + maxLeaseLeftMs
                + " ms of it left), slowest next run " + figures.maxNextRunMs + " ms (lease " + LEASE_MS + " ms), data lost: 0, "
                + elapsed(started));
        assertThat(killedPartWay).as("kills that landed part-way through the migrate").isGreaterThanOrEqualTo(trials / 2);
    }

    /** What the next runs after the kills did; touched by one thread at a time (see the migrate test). */
    private static final class NextRuns {
        int refused;
        int runningCommandDone;
        long maxNextRunMs;
    }

    /**
     * The run after a kill: it waits for the killed run's lease, refuses when a script was left part-way (then does
     * what the message says and resumes), and leaves every script applied exactly once.
     */
    private static void nextRun(MongoDatabase db, Document interrupted, int recorded, String ctx, String trialLine,
            NextRuns figures) {
        String uri = server.uriOf(db.getName());
        long nextRunMs;
        try (MigrationManager m = MongoCrashMain.builder(uri, LEASE).scripts(MongoCrashMain.scripts())
                .lockTimeout(Duration.ofSeconds(10)).build()) {
            long t0 = System.nanoTime();
            MigrateResult result;
            if (interrupted == null) {
                result = m.migrate();
            } else {
                figures.refused++;
                int done = interrupted.getInteger("statements_completed");
                String version = interrupted.getString("version");
                assertThatThrownBy(m::migrate).as("the next run after a kill inside a script, %s", ctx)
                        .isInstanceOf(FailedMigrationPendingException.class)
                        .hasMessageContaining("V" + version + "__create_c_" + version)
                        .hasMessageContaining("after " + done + " completed statement(s), or that run was stopped there")
                        .hasMessageContaining("resumeFailed(true) to continue from statement " + (done + 1));
                // What the message says: check the command that was running, undo it if it completed, resume.
                String c = "c_" + version;
                if (done == 0 && collectionExists(db, c)) {
                    figures.runningCommandDone++;
                    db.getCollection(c).drop();
                } else if (done == 1 && indexNames(db, c).contains("k_" + version)) {
                    figures.runningCommandDone++;
                    db.getCollection(c).dropIndex("k_" + version);
                } else if (done == 2 && db.getCollection(c).countDocuments() > 0) {
                    figures.runningCommandDone++;
                    db.getCollection(c).deleteMany(new Document());
                }
                result = m.migrate(MigrateOptions.builder().resumeFailed(true).build());
            }
            nextRunMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            figures.maxNextRunMs = Math.max(figures.maxNextRunMs, nextRunMs);
            assertThat(nextRunMs).as("the next run, blocked by the lease at most, %s", ctx)
                    .isLessThan(LEASE_MS + POLL_MS + 1_500);
            assertThat(result.applied()).as("applied by the next run, %s", ctx)
                    .hasSize(MongoCrashMain.SCRIPTS - recorded + (interrupted == null ? 0 : 1));
        }
        List<Document> after = db.getCollection("migrator_history").find().sort(new Document("_id", 1)).into(new ArrayList<>());
        assertThat(after).as("history after the next run, %s", ctx).allMatch(r -> r.getBoolean("success"))
                .extracting(r -> r.getString("version"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, MongoCrashMain.SCRIPTS).mapToObj(String::valueOf).toList());
        for (int i = 1; i <= MongoCrashMain.SCRIPTS; i++) {
            assertThat(indexNames(db, "c_" + i)).as("index of c_%d, %s", i, ctx).contains("k_" + i);
            assertThat(db.getCollection("c_" + i).find().into(new ArrayList<>()))
                    .as("c_%d's document, exactly once, %s", i, ctx).containsExactly(new Document("_id", i).append("k", i));
        }
        assertThat(db.getCollection("migrator_history_lock").countDocuments()).as("lease released, %s", ctx).isZero();
        System.out.println(trialLine + ", next run " + nextRunMs + " ms");
        db.drop();
    }

    /** Waits for a next run and fails as it failed. */
    private static void await(Future<?> pending) throws Exception {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    private static Instant serverTime() {
        return server.client().getDatabase("admin").runCommand(new Document("isMaster", 1)).getDate("localTime").toInstant();
    }

    private static boolean collectionExists(MongoDatabase db, String name) {
        return db.listCollectionNames().into(new ArrayList<>()).contains(name);
    }

    private static List<String> indexNames(MongoDatabase db, String collection) {
        List<String> names = new ArrayList<>();
        for (Document d : db.getCollection(collection).listIndexes()) {
            names.add(d.getString("name"));
        }
        return names;
    }

    /** The i of every collection c_i. */
    private static TreeSet<Integer> scriptCollections(MongoDatabase db) {
        TreeSet<Integer> found = new TreeSet<>();
        for (String name : db.listCollectionNames()) {
            if (name.matches("c_[0-9]+")) {
                found.add(Integer.valueOf(name.substring(2)));
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- data migration

    /** A document's fields in name order, numbers as numbers whatever their width, for comparing source and target. */
    private static String canonical(Document d) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(d).forEach((k, v) -> b.append(k).append('=').append(v instanceof Document n ? canonical(n)
                : v instanceof Integer || v instanceof Long ? Long.toString(((Number) v).longValue()) : v).append(';'));
        return "{" + b + "}";
    }

    @Test
    void migrateData_killedAtRandomPoints_resumesToATargetEqualToTheTransformedSource() throws Exception {
        int trials = trials();
        long started = System.nanoTime();
        long seed = seed("crash MongoDB data migration", trials);
        Random random = new Random(seed);
        int records = MongoCrashMain.RECORDS;
        List<Document> source = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (int i = 1; i <= records; i++) {
            source.add(new Document("_id", i).append("email", "user" + i + "@example.com").append("amount", i * 1.5)
                    .append("at", new Date(1_735_689_600_000L + i * 60_000L)).append("doc", new Document("n", i)));
            want.add(canonical(new Document("_id", i).append("email", ("user" + i + "@example.com").toUpperCase(Locale.ROOT))
                    .append("amount", i * 1.5).append("at", new Date(1_735_689_600_000L + i * 60_000L))
                    .append("doc", new Document("n", i)).append("copied", true)));
        }
        int killedPartWay = 0;
        int replayed = 0;
        try (Launcher children = new Launcher(trials, n -> dir.resolve("data-" + n + ".log"), MongoCrashMain.class,
                n -> new String[] {"data", server.uriOf(database("data", n)), LEASE, dir.resolve("backups-" + n).toString()})) {
            for (int trial = 1; trial <= trials; trial++) {
                MongoDatabase db = server.client().getDatabase(database("data", trial));
                db.getCollection("source").insertMany(source);
                db.createCollection("target");
                String uri = server.uriOf(db.getName());
                Path backups = dir.resolve("backups-" + trial);
                long mark = random.nextInt(records);
                int jitter = random.nextInt(30);
                Path out = dir.resolve("data-" + trial + ".log");
                Process child = children.go(trial);
                boolean finished = !killAt(child, () -> db.getCollection("target").countDocuments(), mark, jitter);
                Thread.sleep(50);
                String ctx = "trial " + trial + " (seed " + seed + ", kill at mark " + mark + " + " + jitter
                        + " ms)\n--- child output ---\n" + read(out);
                long before = db.getCollection("target").countDocuments();
                try (MigrationManager m = MongoCrashMain.builder(uri, LEASE).backupDirectory(backups).build()) {
                    DataMigrationStatus status = m.dataStatus(MongoCrashMain.migration());
                    // Without transactions the checkpoint follows its batch: at most one batch is ahead of it.
                    assertThat(before).as("documents written vs checkpoint %s, %s", status, ctx)
                            .isBetween(status.written(), status.written() + MongoCrashMain.BATCH);
                    if (before > status.written()) {
                        replayed++;
                    }
                    if (!finished && before > 0 && before < records) {
                        killedPartWay++;
                    }
                    DataMigrationResult resumed = m.migrateData(MongoCrashMain.migration(),
                            DataMigrationOptions.builder().batchSize(MongoCrashMain.BATCH).build());
                    assertThat(resumed.resumedAfter() + resumed.read()).as("records read over both runs, %s", ctx).isEqualTo(records);
                }
                List<String> target = db.getCollection("target").find().sort(new Document("_id", 1)).map(MongoCrashTest::canonical)
                        .into(new ArrayList<>());
                assertThat(target).as("target vs transformed source after the resume, %s", ctx).hasSize(records)
                        .containsExactlyElementsOf(want);
                System.out.println("mongo data trial " + trial + ": mark " + mark + " + " + jitter + " ms, "
                        + (finished ? "finished first" : "killed") + ", " + before + " documents written before the resume");
                db.drop();
            }
        }
        System.out.println("crash MongoDB data migration: " + trials + " trials, " + killedPartWay + " killed part-way, "
                + replayed + " with a batch written past its checkpoint (written again by the resume, harmless with "
                + "upserts), target equals the transformed source after the resume " + trials + "/" + trials
                + ", data lost: 0, " + elapsed(started));
        assertThat(killedPartWay).as("kills that landed part-way through the copy").isGreaterThanOrEqualTo(trials / 2);
    }
}
