package dev.migrator.jdbc.it;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
import dev.migrator.jdbc.testing.CrashTrials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A separate JVM for {@link AbstractDataMigrationCrashTest}: copies {@code schema.source} into {@code schema.target}
 * with a transform, in small batches with a pause between them, so that a kill lands part-way. Arguments: url, user,
 * password (may be empty), schema, backup directory, and optionally {@code plain}: copy {@code schema.source} into
 * {@code schema.plain_target} unchanged (no transform: the native path on PostgreSQL; the path taken is logged, see
 * {@link #PATH_LOG_LEVEL}). Waits for the test's go first
 * ({@link CrashTrials#awaitGo()}). Exits 0 on success, 1 on any error.
 */
public final class DataMigrationMain {

    private DataMigrationMain() {}

    /** The plain copy: no transform, so PostgreSQL to PostgreSQL takes the native path. */
    static DataMigration plainMigration(String schema) {
        return DataMigration.builder("crash_plain_copy")
                .source(RecordSource.table("core", schema + ".source"))
                .target(DataTarget.of("core", schema + ".plain_target", "id"))
                .build();
    }

    static DataMigration migration(String schema) {
        return DataMigration.builder("crash_copy")
                .source(RecordSource.table("core", schema + ".source"))
                .transform(Transforms.map("email", v -> v.toString().toUpperCase(Locale.ROOT)))
                .transform(Transforms.constant("copied", true))
                .target(DataTarget.of("core", schema + ".target", "id"))
                .build();
    }

    /** slf4j-simple's level for the data runner's choice of path, which the test reads from the child's output. */
    static final String PATH_LOG_LEVEL = "org.slf4j.simpleLogger.log.dev.migrator.core.internal.data.NativeCopy";

    public static void main(String[] args) {
        // Before any logger exists: NativeCopy says at DEBUG whether it copies natively or why not, and the crash test
        // asserts that a plain PostgreSQL copy took the native path.
        System.setProperty(PATH_LOG_LEVEL, "debug");
        CrashTrials.awaitGo();
        try (MigrationManager m = MigrationManager.builder()
                .connection("core", args[0], args[1], args[2])
                .backupDirectory(Path.of(args[4]))
                .build()) {
            boolean plain = args.length > 5 && args[5].equals("plain");
            DataMigrationResult r = m.migrateData(plain ? plainMigration(args[3]) : migration(args[3]), DataMigrationOptions.builder()
                    .batchSize(250).batchDelay(Duration.ofMillis(8)).build());
            System.out.println("read=" + r.read() + " resumedAfter=" + r.resumedAfter() + " written=" + r.written());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
