package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.testkit.ChildJvm;
import dev.migrator.testkit.MigrateMain;
import dev.migrator.mongo.testing.MongoServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease lock: taken over only after expiry by the server's clock, renewed while a run lives, force-unlockable. */
class MongoLeaseLockTest extends MongoItSupport {

    private static final String LOCK = HISTORY + "_lock";

    @TempDir
    Path logs;

    private MigrationManager.Builder leased(String uri, String lease) {
        return MigrationManager.builder()
                .connection(ConnectionConfig.of("mongo", uri, null, null).withProperties(Map.of("lockLease", lease)))
                .locations("filesystem:" + scripts);
    }

    private Instant serverTime() {
        return db.client().getDatabase("admin").runCommand(new Document("isMaster", 1)).getDate("localTime").toInstant();
    }

    private void seedScript() {
        write("V1__seed.json", "[{\"insert\": \"things\", \"documents\": [{\"_id\": 1}]}]");
    }

    /** A script whose Java code signals that it runs, then waits until released. */
    private static Script blocking(CountDownLatch running, CountDownLatch release) {
        return Script.builder("0.5", "blocking").up(ctx -> {
            running.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }).build();
    }

    @Test
    void crashedRunsLease_blocksTheNextStartOnlyUntilItExpires() {
        seedScript();
        Instant now = serverTime();
        db.database().getCollection(LOCK).insertOne(new Document("_id", HISTORY).append("owner", "crashed-host:1234")
                .append("acquired_at", Date.from(now)).append("expires_at", Date.from(now.plusSeconds(2))));
        MigrationManager m = track(leased(db.uri(), "PT2S").lockTimeout(Duration.ofSeconds(20)).build());

        long t0 = System.nanoTime();
        m.migrate();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(count("things")).isEqualTo(1);
        assertThat(waitedMs).as("waited for the crashed run's lease, no longer").isBetween(1000L, 6000L);
        assertThat(count(LOCK)).as("released after the run").isZero();
    }

    @Test
    void killedRun_blocksTheNextStartForAtMostOneLease_andIsNamedAsFailedInHistory() throws Exception {
        try (ChildJvm crashing = ChildJvm.start(logs.resolve("holder.log"), MigrateMain.class,
                List.of(db.uri(), "", "", "hang:", "--property=lockLease=PT3S"))) {
            crashing.awaitOutput("RUNNING", Duration.ofSeconds(60));
            assertThat(count(LOCK)).as("it holds the lease").isEqualTo(1);

            crashing.kill();
        }
        assertThat(count(LOCK)).as("the lease outlives the killed JVM").isEqualTo(1);
        MigrationManager next = track(MigrationManager.builder()
                .connection(ConnectionConfig.of("mongo", db.uri(), null, null).withProperties(Map.of("lockLease", "PT3S")))
                .script(Script.builder("1", "hangs").up(ctx -> {}).build())
                .lockTimeout(Duration.ofSeconds(30))
                .build());

        long t0 = System.nanoTime();
        if (db.transactions()) {
            next.migrate(); // the killed script's transaction was never committed: nothing of it is recorded
        } else {
            // A standalone server has no transactions: the killed script was recorded as failed before its first command.
            assertThatThrownBy(next::migrate).isInstanceOf(FailedMigrationPendingException.class)
                    .hasMessageContaining("hangs").hasMessageContaining("after 0 completed statement(s)");
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("MongoLeaseLockTest: lease holder JVM killed with SIGKILL mid-script; the next migrate() took "
                + waitedMs + " ms with a 3 s lease (lock timeout 30 s)");

        // Renewed every second, the lease had 2..3 s left at the kill.
        assertThat(waitedMs).as("waited for the rest of the lease (3 s) and a little, no longer").isBetween(1000L, 5000L);
        assertThat(history()).as("history: the killed run's script, named as failed (standalone), or the next run's")
                .singleElement().satisfies(d -> {
                    assertThat(d.getString("name")).isEqualTo("hangs");
                    assertThat(d.getBoolean("success")).isEqualTo(db.transactions());
                });
        assertThat(count(LOCK)).as("released after the run").isZero();
    }

    @Test
    void lockTimeout_namesTheHolder_whenALiveLeaseIsHeld() {
        seedScript();
        Instant now = serverTime();
        db.database().getCollection(LOCK).insertOne(new Document("_id", HISTORY).append("owner", "other-host:42")
                .append("acquired_at", Date.from(now)).append("expires_at", Date.from(now.plusSeconds(3600))));
        MigrationManager m = track(leased(db.uri(), "PT30S").lockTimeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(m::migrate).isInstanceOf(LockTimeoutException.class).hasMessageContaining("other-host:42");

        assertThat(collections()).doesNotContain("things");
    }

    @Test
    void forceUnlock_removesAStuckLease_soTheNextRunProceedsAtOnce() {
        seedScript();
        Instant now = serverTime();
        db.database().getCollection(LOCK).insertOne(new Document("_id", HISTORY).append("owner", "stuck")
                .append("acquired_at", Date.from(now)).append("expires_at", Date.from(now.plusSeconds(3600))));
        MigrationManager m = track(leased(db.uri(), "PT30S").lockTimeout(Duration.ofMillis(500)).build());

        assertThat(m.forceUnlock(Target.of("mongo"))).isTrue();
        m.migrate();

        assertThat(count("things")).isEqualTo(1);
        assertThat(m.forceUnlock(Target.of("mongo"))).as("nothing left to remove").isFalse();
    }

    @Test
    void liveLease_isRenewedDuringALongScript_andNotTakenOver() throws Exception {
        seedScript();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MigrationManager holder = track(leased(db.uri(), "PT2S").script(blocking(running, release)).build());
        CompletableFuture<Void> first = CompletableFuture.runAsync(holder::migrate);
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

        MigrationManager other = track(leased(db.uri(), "PT2S").lockTimeout(Duration.ofSeconds(5)).build());
        long t0 = System.nanoTime();
        assertThatThrownBy(other::migrate).isInstanceOf(LockTimeoutException.class);
        assertThat(System.nanoTime() - t0).as("waited more than two leases").isGreaterThan(TimeUnit.SECONDS.toNanos(4));

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(count("things")).isEqualTo(1);
        assertThat(history()).hasSize(2).allSatisfy(d -> assertThat(d.getBoolean("success")).isTrue());
    }

    @Test
    void expiryIsJudgedByTheServersClock_notTheClients() throws Exception {
        // The server's clock is a day behind this client's: a client-clock judgement would see every lease as expired.
        seedScript();
        MongoServers.Server server = MongoServers.inProcess(Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)));
        try {
            String uri = server.uriOf("skewed");
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            MigrationManager holder = track(leased(uri, "PT30S").script(blocking(running, release)).build());
            CompletableFuture<Void> first = CompletableFuture.runAsync(holder::migrate);
            assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
            Document lease = server.client().getDatabase("skewed").getCollection(LOCK).find().first();
            assertThat(lease.getDate("expires_at").toInstant()).isBefore(Instant.now().minus(Duration.ofHours(23)));

            MigrationManager other = track(leased(uri, "PT30S").lockTimeout(Duration.ofSeconds(1)).build());
            assertThatThrownBy(other::migrate).isInstanceOf(LockTimeoutException.class);

            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            assertThat(server.client().getDatabase("skewed").getCollection("things").countDocuments()).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    @Test
    void runThatLostItsLease_stopsBeforeItsNextCommand() {
        write("V2__after.json", "[{\"insert\": \"after\", \"documents\": [{\"_id\": 1}]}]");
        MigrationManager m = track(leased(db.uri(), "PT2S").script(Script.builder("1", "loses_lock").up(ctx -> {
            try (MigrationManager operator = leased(db.uri(), "PT2S").build()) {
                assertThat(operator.forceUnlock(Target.of("mongo"))).isTrue();
            }
            Thread.sleep(1500); // longer than a renewal period (a third of the lease): the renewer notices
            ctx.execute("{\"insert\": \"during\", \"documents\": [{\"_id\": 1}]}");
        }).build()).build());

        assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class).hasStackTraceContaining("Lost the lock");

        assertThat(collections()).doesNotContain("during", "after");
    }
}
