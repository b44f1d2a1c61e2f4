package dev.migrator.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a data migration stands, from its checkpoint in the target.
 *
 * @param migration the migration's name
 * @param state never run, stopped part-way (the next run resumes), or completed
 * @param position source records committed so far
 * @param written records written so far
 * @param updatedAt when the checkpoint was last written, if ever
 * @param backupId the backup the latest run that wrote took before its first write, if any
 */
public record DataMigrationStatus(String migration, State state, long position, long written, Optional<Instant> updatedAt,
        Optional<String> backupId) {

    /** A migration's state. */
    public enum State {
        /** No checkpoint is stored: the migration never ran against this target. */
        NEVER_RUN,
        /** A run stopped part-way, or is running; the next run resumes after its last committed record. */
        IN_PROGRESS,
        /** A run read the whole source and finished. */
        COMPLETED
    }
}
