package dev.migrator.jdbc.it;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A separate JVM for {@link DataMigrationCrashTest}: copies {@code schema.source} into {@code schema.target} with a
 * transform, in small batches with a pause between them, so that a kill lands part-way. Arguments: url, user,
 * password (may be empty), schema, backup directory. Exits 0 on success, 1 on any error.
 */
public final class DataMigrationMain {

    private DataMigrationMain() {}

    static DataMigration migration(String schema) {
        return DataMigration.builder("crash_copy")
                .source(RecordSource.table("core", schema + ".source"))
                .transform(Transforms.map("email", v -> v.toString().toUpperCase(Locale.ROOT)))
                .transform(Transforms.constant("copied", true))
                .target(DataTarget.of("core", schema + ".target", "id"))
                .build();
    }

    public static void main(String[] args) {
        try (MigrationManager m = MigrationManager.builder()
                .connection("core", args[0], args[1], args[2])
                .backupDirectory(Path.of(args[4]))
                .build()) {
            DataMigrationResult r = m.migrateData(migration(args[3]), DataMigrationOptions.builder()
                    .batchSize(250).batchDelay(Duration.ofMillis(8)).build());
            System.out.println("read=" + r.read() + " resumedAfter=" + r.resumedAfter() + " written=" + r.written());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
