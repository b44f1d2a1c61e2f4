package dev.migrator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report of a data migration run (also written as JSON with {@link DataMigrationOptions#reportFile()}).
 *
 * @param migration the migration's name
 * @param source what was read
 * @param dryRun whether nothing was written ({@code written} then counts what would have been)
 * @param startedAt when this run started
 * @param duration how long it took
 * @param resumedAfter source records committed by earlier runs, skipped by this one (0 for a fresh start)
 * @param read records read by this run
 * @param written records inserted or updated (or, in a dry run, that would be)
 * @param skipped records filtered out, dropped by a transform, or kept out by a conflict resolution
 * @param failed records rejected (validation, conversion, a conflict with {@code fail}); see {@code rejections}
 * @param conflicts conflicts by resolution, e.g. {@code skip}, {@code overwrite}, {@code merge}, {@code fill},
 *     {@code newest:incoming}, {@code newest:existing}, or a custom resolver's labels
 * @param types counts per record type
 * @param backupId the backup this run took before its first write, if it wrote (and backups are on)
 * @param restored whether the targets were restored from it
 * @param verification the checks after the run, if run
 * @param errorLog the error log file, if one was written
 * @param rejections the first rejected records (at most 100), with their reasons
 */
public record DataMigrationResult(String migration, String source, boolean dryRun, Instant startedAt, Duration duration,
        long resumedAfter, long read, long written, long skipped, long failed, Map<String, Long> conflicts,
        Map<String, TypeCounts> types, Optional<String> backupId, boolean restored, Optional<DataVerification> verification,
        Optional<Path> errorLog, List<Rejection> rejections) {

    /**
     * Copies the collections.
     *
     * @param migration the migration's name
     * @param source what was read
     * @param dryRun whether nothing was written ({@code written} then counts what would have been)
     * @param startedAt when this run started
     * @param duration how long it took
     * @param resumedAfter source records committed by earlier runs, skipped by this one (0 for a fresh start)
     * @param read records read by this run
     * @param written records inserted or updated (or, in a dry run, that would be)
     * @param skipped records filtered out, dropped by a transform, or kept out by a conflict resolution
     * @param failed records rejected (validation, conversion, a conflict with {@code fail}); see {@code rejections}
     * @param conflicts conflicts by resolution, e.g. {@code skip}, {@code overwrite}, {@code merge}, {@code fill},
     *     {@code newest:incoming}, {@code newest:existing}, or a custom resolver's labels
     * @param types counts per record type
     * @param backupId the backup this run took before its first write, if it wrote (and backups are on)
     * @param restored whether the targets were restored from it
     * @param verification the checks after the run, if run
     * @param errorLog the error log file, if one was written
     * @param rejections the first rejected records (at most 100), with their reasons
     */
    public DataMigrationResult {
        conflicts = Map.copyOf(conflicts);
        types = Map.copyOf(types);
        rejections = List.copyOf(rejections);
    }

    /** {@return records read per second by this run} */
    public double recordsPerSecond() {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : read / s;
    }

    /** {@return the number of conflicts, however resolved} */
    public long conflictCount() {
        return conflicts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Counts of one record type.
     *
     * @param read records read
     * @param written records written (or that would be)
     * @param skipped records filtered, dropped or kept out by a conflict
     * @param failed records rejected
     */
    public record TypeCounts(long read, long written, long skipped, long failed) {}

    /**
     * A rejected record.
     *
     * @param position the record's position in the source (0-based, counting every record read)
     * @param type its type
     * @param key its key fields, or the whole record when it has no key yet
     * @param reason why it was rejected
     */
    public record Rejection(long position, String type, Map<String, Object> key, String reason) {}
}
