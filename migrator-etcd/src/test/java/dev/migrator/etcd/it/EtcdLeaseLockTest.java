package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.etcd.EtcdBackendProvider;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetSession;
import dev.migrator.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock is a key bound to a lease: a holder killed with SIGKILL stops its keep-alives, and etcd ends the lease. */
class EtcdLeaseLockTest {

    @TempDir
    Path logs;

    @Test
    void migrate_holderKilledWithSigkill_leaseExpiresAndTheNextRunApplies() throws Exception {
        try (EtcdKitDatabase db = EtcdKitServer.INSTANCE.createDatabase()) {
            String lockKey = db.key("default", "__migrator/lock/migrator_history");
            try (ChildJvm holder = ChildJvm.start(logs.resolve("holder.log"), ChildJvm.options("128m"), EtcdHolderMain.class,
                    List.of(db.url(), "2"))) {
                holder.awaitOutput("holding", Duration.ofSeconds(60));
                assertThat(db.get(lockKey)).as("the holder's lock key").contains("\"owner\"");
                holder.kill();
            }
            ConnectionConfig config = db.config("core").withProperties(Map.of("lockTtl", "2"));
            long start = System.nanoTime();
            try (MigrationManager next = MigrationManager.builder().connection(config)
                    .scripts(List.of(Script.of("1", "held", "[{\"op\": \"put\", \"key\": \"config/after\", \"value\": \"yes\"}]",
                            null)))
                    .lockTimeout(Duration.ofSeconds(20))
                    .build()) {
                assertThat(next.migrate().applied()).hasSize(1);
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            // The killed holder's lease lasts at most its TTL (2 s) after its last keep-alive.
            assertThat(waited).isLessThan(Duration.ofSeconds(6));
            assertThat(db.get(db.key("default", "config/after"))).isEqualTo("yes");
            assertThat(db.history("default", "migrator_history")).singleElement()
                    .satisfies(r -> assertThat(r.success()).isTrue());
            assertThat(db.get(lockKey)).as("released").isNull();
        }
    }

    @Test
    void forceRelease_deletesTheLockAndTheFormerHolderWritesNothingMore() throws Exception {
        try (EtcdKitDatabase db = EtcdKitServer.INSTANCE.createDatabase();
                Backend backend = new EtcdBackendProvider().open(db.config("core"));
                TargetSession holder = backend.openSession("default", "migrator_history");
                TargetSession operator = backend.openSession("default", "migrator_history")) {
            assertThat(holder.lock().tryAcquire(Duration.ofSeconds(5))).isTrue();
            assertThat(operator.lock().tryAcquire(Duration.ZERO)).isFalse();

            assertThat(operator.lock().forceRelease()).isTrue();

            assertThat(db.get(db.key("default", "__migrator/lock/migrator_history"))).isNull();
            holder.begin();
            holder.execute(new ParsedStatement("{\"op\": \"put\", \"key\": \"after\", \"value\": 1}", 1, false, true));
            assertThatThrownBy(holder::commit)
                    .isInstanceOf(StatementException.class)
                    .hasMessageContaining("Lost the lock /migrator-test/")
                    .hasMessageContaining("/default/__migrator/lock/migrator_history of 'core' schema default")
                    .hasMessageEndingWith("before the transaction committed (its lease expired or it was force-unlocked). "
                            + "Nothing was written; check the history with status() and run migrate again.");
            assertThat(db.get(db.key("default", "after"))).isNull();
            assertThat(operator.lock().tryAcquire(Duration.ofSeconds(5))).as("free for the next run").isTrue();
            assertThat(operator.lock().forceRelease()).isTrue();
            assertThat(operator.lock().forceRelease()).as("nothing left to remove").isFalse();
        }
    }
}
