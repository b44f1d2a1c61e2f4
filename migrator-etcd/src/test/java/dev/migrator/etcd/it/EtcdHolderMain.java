package dev.migrator.etcd.it;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import java.util.Map;

/**
 * A child JVM that takes a target's lock and holds it: its one script prints {@code holding} and sleeps, so that the
 * test can kill it with SIGKILL while it holds the lease. Arguments: the etcd URL and the lock's TTL in seconds.
 */
public final class EtcdHolderMain {

    private EtcdHolderMain() {}

    public static void main(String[] args) {
        ConnectionConfig config = ConnectionConfig.of("core", args[0], null, null).withProperties(Map.of("lockTtl", args[1]));
        try (MigrationManager manager = MigrationManager.builder().connection(config)
                .scripts(java.util.List.of(Script.builder("1", "held").up(ctx -> {
                    System.out.println("holding");
                    System.out.flush();
                    Thread.sleep(600_000);
                }).build()))
                .build()) {
            manager.migrate();
        }
    }
}
