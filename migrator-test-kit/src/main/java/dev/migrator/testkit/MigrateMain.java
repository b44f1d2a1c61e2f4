package dev.migrator.testkit;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.TransactionMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A manager in a JVM of its own ({@link ChildJvm}): builds it from its arguments and migrates. Arguments: url, user,
 * password (empty for none), what to migrate, then options.
 *
 * <p>What to migrate:
 *
 * <ul>
 *   <li>a location ({@code filesystem:/dir}, {@code classpath:db}): the scripts found there;
 *   <li>{@code hang:<statement>}: {@link #hanging(String, TransactionMode)}, which holds the lock until the test kills this JVM.
 * </ul>
 *
 * <p>Options: {@code --start=<port>} waits at the test's {@link StartBarrier} between building the manager and
 * {@code migrate()}; {@code --property=<key>=<value>} adds a connection property (e.g. {@code lockLease=PT3S} on
 * MongoDB); {@code --lock-timeout=<ISO-8601 duration>}; {@code --transactional} runs the hanging script in a
 * transaction.
 *
 * <p>Prints {@code ready} once the manager is built, {@code started=<epoch ms>} as it calls {@code migrate()} and
 * {@code applied=<n>} after it. Exits 0 on success, 1 on any error, with its stack trace.
 */
public final class MigrateMain {

    private MigrateMain() {}

    /**
     * Version 1, {@code hangs}: Java code that runs {@code statement} (none when empty) in the backend's language,
     * prints {@code RUNNING} and sleeps for ten minutes, holding the lock all along.
     */
    public static Script hanging(String statement, TransactionMode mode) {
        return Script.builder("1", "hangs").transactionMode(mode).up(ctx -> {
            if (!statement.isEmpty()) {
                ctx.execute(statement);
            }
            System.out.println("RUNNING");
            System.out.flush();
            Thread.sleep(600_000);
        }).build();
    }

    public static void main(String[] args) {
        try {
            String what = args[3];
            Map<String, String> properties = new HashMap<>();
            Integer startPort = null;
            Duration lockTimeout = null;
            TransactionMode mode = TransactionMode.AUTO;
            for (int i = 4; i < args.length; i++) {
                String option = args[i];
                if (option.startsWith("--start=")) {
                    startPort = Integer.valueOf(option.substring("--start=".length()));
                } else if (option.startsWith("--property=")) {
                    String[] kv = option.substring("--property=".length()).split("=", 2);
                    properties.put(kv[0], kv[1]);
                } else if (option.startsWith("--lock-timeout=")) {
                    lockTimeout = Duration.parse(option.substring("--lock-timeout=".length()));
                } else if (option.equals("--transactional")) {
                    mode = TransactionMode.TRANSACTIONAL;
                } else {
                    throw new IllegalArgumentException("Unknown option " + option);
                }
            }
            MigrationManager.Builder builder = MigrationManager.builder().connection(ConnectionConfig
                    .of("core", args[0], emptyToNull(args[1]), emptyToNull(args[2])).withProperties(properties));
            if (what.startsWith("hang:")) {
                builder.script(hanging(what.substring("hang:".length()), mode));
            } else {
                builder.locations(what);
            }
            if (lockTimeout != null) {
                builder.lockTimeout(lockTimeout);
            }
            try (MigrationManager m = builder.build()) {
                System.out.println("ready");
                System.out.flush();
                if (startPort != null) {
                    StartBarrier.await(startPort);
                }
                System.out.println("started=" + System.currentTimeMillis());
                MigrateResult result = m.migrate();
                System.out.println("applied=" + result.applied().size());
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
