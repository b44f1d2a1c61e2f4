package dev.migrator.mongo.it;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Transforms;
import dev.migrator.jdbc.testing.CrashTrials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A separate JVM for {@link MongoCrashTest}, killed with SIGKILL part-way. Arguments: mode, the database's URI, the
 * lease, then per mode:
 *
 * <ul>
 *   <li>{@code migrate}: applies {@link #scripts()};
 *   <li>{@code data <backup dir>}: runs {@link #migration()} in small batches with a pause between them.
 * </ul>
 *
 * Waits for the test's go first ({@link CrashTrials#awaitGo()}), prints {@code ready} just before the operation starts
 * and {@code done} after it; exits 0 on success, 1 on any error.
 */
public final class MongoCrashMain {

    /** Scripts of the migrate scenario. */
    static final int SCRIPTS = 30;

    /** Records of the data scenario, and its batch size. */
    static final int RECORDS = 6_000;

    static final int BATCH = 250;

    private MongoCrashMain() {}

    /**
     * Script i: create collection c_i, a unique index {@code k_i} on it (named apart: the in-process server's
     * {@code dropIndexes} drops the same name in every collection), and insert document {_id: i, k: i}.
     */
    static List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= SCRIPTS; i++) {
            String c = "\"c_" + i + "\"";
            scripts.add(Script.of(String.valueOf(i), "create_c_" + i, "[{\"create\": " + c + "},\n"
                    + "{\"createIndexes\": " + c + ", \"indexes\": [{\"key\": {\"k\": 1}, \"name\": \"k_" + i + "\", \"unique\": true}]},\n"
                    + "{\"insert\": " + c + ", \"documents\": [{\"_id\": " + i + ", \"k\": " + i + "}]}]", null));
        }
        return scripts;
    }

    /**
     * Collection {@code source} into {@code target}, email upper-cased and {@code copied: true} added. Upserts: on a
     * server without transactions the checkpoint follows its batch, so a killed run's last batch may be written again.
     */
    static DataMigration migration() {
        return DataMigration.builder("crash_copy")
                .source(RecordSource.collection("mongo", "source"))
                .transform(Transforms.map("email", v -> v.toString().toUpperCase(Locale.ROOT)))
                .transform(Transforms.constant("copied", true))
                .target(DataTarget.of("mongo", "target", "_id"))
                .conflict(ConflictStrategy.overwrite())
                .build();
    }

    static MigrationManager.Builder builder(String uri, String lease) {
        return MigrationManager.builder()
                .connection(ConnectionConfig.of("mongo", uri, null, null).withProperties(Map.of("lockLease", lease)));
    }

    public static void main(String[] args) {
        CrashTrials.awaitGo();
        String mode = args[0];
        MigrationManager.Builder builder = builder(args[1], args[2]);
        if (mode.equals("migrate")) {
            builder.scripts(scripts());
        } else {
            builder.backupDirectory(Path.of(args[3]));
        }
        try (MigrationManager m = builder.build()) {
            System.out.println("ready");
            System.out.flush();
            if (mode.equals("migrate")) {
                MigrateResult r = m.migrate();
                System.out.println("done applied=" + r.applied().size());
            } else {
                DataMigrationResult r = m.migrateData(migration(), DataMigrationOptions.builder().batchSize(BATCH)
                        .batchDelay(Duration.ofMillis(8)).build());
                System.out.println("done read=" + r.read() + " resumedAfter=" + r.resumedAfter());
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
