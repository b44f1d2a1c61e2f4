package dev.migrator.core.internal.data;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataProgress;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.spi.DataWriteSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run may undo: the backup it takes of the target tables before its first write, and the restore of that
 * backup (with the checkpoint put back to where it stood when the run started) after a failure. A run restores only
 * its own backup — never an earlier run's, older than writes others made since. Confined to the run's thread.
 */
final class RunBackup {

    private static final Logger LOG = LoggerFactory.getLogger(RunBackup.class);

    /**
     * Where a run's checkpoint lives, as a restore puts it back.
     *
     * @param writers opens a session on the target connection (the caller closes it)
     * @param schema the schema of the checkpoint table
     * @param keyTypes how the source's backend rebuilds its own key types from a checkpoint
     */
    record CheckpointHome(Supplier<DataWriteSession> writers, String schema, Checkpoint.KeyTypes keyTypes) {}

    /**
     * Where a run started.
     *
     * @param storedCheckpoint the checkpoint as stored when the run started ({@code null} when there was none): what
     *     a restore of this run's backup goes back to
     * @param resumedAfter the position the run resumed after (0 for a run from the start)
     */
    record Start(String storedCheckpoint, long resumedAfter) {}

    private final DataMigration m;
    private final DataMigrationOptions o;
    private final BackupEngine backups;
    private final ProgressThrottle progress;
    private final CheckpointHome home;
    /** The backup this run took before its first write; null until then (and when it writes nothing). */
    private String runBackupId;
    /** Whether this run has written (or is about to write) to a target. */
    private boolean wrote;

    RunBackup(DataMigration m, DataMigrationOptions o, BackupEngine backups, ProgressThrottle progress,
            CheckpointHome home) {
        this.m = m;
        this.o = o;
        this.backups = backups;
        this.progress = progress;
        this.home = home;
    }

    /** The id of the backup this run took, or {@code null} when it took none (yet). */
    String id() {
        return runBackupId;
    }

    /**
     * Takes this run's backup of the target tables, once, before its first write (the pipeline calls it before it
     * writes a batch that changes something): a restore after a failure may undo only what this run wrote, so the
     * backup of an earlier run — older than writes made since — is never the one restored.
     */
    void ensure(Checkpoint cp, Collection<DataRunner.TargetTable> tables) {
        wrote = true;
        if (runBackupId != null || !o.backup() || o.dryRun()) {
            return;
        }
        progress.progress(DataProgress.Stage.BACKUP, 0, -1, 0);
        runBackupId = take(tables);
        cp.backupId = runBackupId;
    }

    private String take(Collection<DataRunner.TargetTable> tables) {
        Map<String, List<String>> bySchema = new TreeMap<>();
        for (DataRunner.TargetTable t : tables) {
            bySchema.computeIfAbsent(t.schema, k -> new ArrayList<>()).add(t.qualified);
        }
        if (bySchema.size() > 1) {
            // One backup is one snapshot of one target; a migration writing to several schemas gets the first
            // schema's tables backed up together with the others named explicitly.
            LOG.debug("[{}] backing up tables of schemas {}", m.name(), bySchema.keySet());
        }
        List<String> names = new ArrayList<>();
        bySchema.values().forEach(names::addAll);
        String label = ("data_" + m.name()).replaceAll("[^A-Za-z0-9_]", "_");
        label = label.length() > 40 ? label.substring(0, 40) : label;
        BackupManifest manifest = backups.backup(BackupRequest.builder()
                .target(Target.of(DataRunner.anyTarget(m).connection(), bySchema.keySet().iterator().next()))
                .tables(names).label(label).build());
        LOG.info("[{}] Backed up {} before the data migration: {}", m.name(), names, manifest.id());
        return manifest.id();
    }

    /**
     * Restores the targets from this run's backup, when the options allow and the run took one (it writes nothing
     * before it has), and puts the checkpoint back to where it stood when this run started, so the checkpoint
     * matches the restored rows: the next run resumes where this one started. A run that wrote nothing has nothing
     * to restore, but its checkpoint goes back all the same: records it only skipped or rejected before it failed
     * are read again by the next run, never passed over.
     *
     * @param cp the run's checkpoint as it stands at the failure
     * @return what was restored, or {@code null} when nothing was (a restore that fails too is added to
     *     {@code failure} as suppressed)
     */
    Report.Restored restoreAfter(DataMigrationException failure, Checkpoint cp, Start start) {
        if (o.dryRun() || !o.restoreOnFailure() || wrote && runBackupId == null
                || !wrote && cp.position == start.resumedAfter()) {
            return null; // nothing to put back, or (backup off) no way to
        }
        try {
            if (runBackupId != null) {
                progress.progress(DataProgress.Stage.RESTORE, 0, -1, 0);
                backups.restore(runBackupId, RestoreRequest.builder().build());
            }
            try (DataWriteSession w = home.writers().get()) {
                w.begin();
                w.saveCheckpoint(home.schema(), m.name(), start.storedCheckpoint() != null ? start.storedCheckpoint()
                        : Checkpoint.reset());
                w.commit();
            }
            if (runBackupId != null) {
                LOG.warn("[{}] Restored the targets from backup {}, taken by this run before its first write; the "
                        + "next run resumes where this one started.", m.name(), runBackupId);
            }
            return new Report.Restored(positionAtStart(start), runBackupId);
        } catch (RuntimeException e) {
            LOG.error("[{}] Restoring backup {} after the failure failed too: {}. Restore it by hand with "
                    + "manager.restore(\"{}\", RestoreRequest.defaults()).", m.name(), runBackupId, e.getMessage(),
                    runBackupId);
            failure.addSuppressed(e);
            return null;
        }
    }

    /** The position of the checkpoint as it stood when this run started (0 when there was none). */
    private long positionAtStart(Start start) {
        try {
            return Checkpoint.fromJson(start.storedCheckpoint(), m.name(), home.keyTypes()).position;
        } catch (RuntimeException e) {
            return 0; // an unreadable checkpoint, replaced by restart(true): the next run refuses it again
        }
    }
}
