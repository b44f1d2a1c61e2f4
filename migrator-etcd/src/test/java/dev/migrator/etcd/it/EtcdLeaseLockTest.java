package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
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
}
