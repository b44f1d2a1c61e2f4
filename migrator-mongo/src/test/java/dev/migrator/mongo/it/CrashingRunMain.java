package dev.migrator.mongo.it;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import java.util.Map;

/**
 * A run that takes the lock and then hangs as its script starts (in a listener, before anything of the script is
 * recorded or run) until the test kills this JVM.
 */
public final class CrashingRunMain {

    private CrashingRunMain() {}

    /** Arguments: the MongoDB URI and the lease. */
    public static void main(String[] args) {
        try (MigrationManager m = MigrationManager.builder()
                .connection(ConnectionConfig.of("mongo", args[0], null, null).withProperties(Map.of("lockLease", args[1])))
                .script(Script.builder("1", "hangs").up(ctx -> {}).build())
                .listener(e -> {
                    if (e instanceof MigrationEvent.ScriptStarted) {
                        System.out.println("RUNNING");
                        System.out.flush();
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build()) {
            m.migrate();
        }
    }
}
