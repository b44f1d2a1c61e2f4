package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a sub-engine (a data migration, a project copy) needs of backups: take one before it writes, restore it after a
 * failure. Sub-engines depend on this rather than on the public {@code MigrationManager}.
 */
public interface BackupEngine {

    /** Takes a backup, as {@code MigrationManager.backup} does (system schemas refused, the target resolved). */
    BackupManifest backup(BackupRequest request);

    /** Restores a backup, as {@code MigrationManager.restore} does. */
    RestoreResult restore(String backupId, RestoreRequest request);

    /** The two operations as one engine. */
    static BackupEngine of(Function<BackupRequest, BackupManifest> backup,
            BiFunction<String, RestoreRequest, RestoreResult> restore) {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(restore, "restore");
        return new BackupEngine() {
            @Override
            public BackupManifest backup(BackupRequest request) {
                return backup.apply(request);
            }

            @Override
            public RestoreResult restore(String backupId, RestoreRequest request) {
                return restore.apply(backupId, request);
            }
        };
    }
}
