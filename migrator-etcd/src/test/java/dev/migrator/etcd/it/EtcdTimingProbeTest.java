package dev.migrator.etcd.it;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdTimingProbeTest {
    @Test
    void probe() {
        try (EtcdKitDatabase db = EtcdKitServer.INSTANCE.createDatabase()) {
            List<Script> scripts = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                scripts.add(Script.of(String.valueOf(i), "s" + i, "[{\"op\":\"put\",\"key\":\"t_" + i + "/\",\"value\":{}}]", null));
            }
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                try (MigrationManager m = MigrationManager.builder().connection(db.config("core")).scripts(scripts).build()) {
                    m.migrate();
                }
                System.out.println("PROBE round " + round + ": " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        }
    }
}
