package dev.migrator.core.internal.data;

import dev.migrator.api.DataRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch did — records read, written, skipped and rejected, conflicts, rows inserted per table — kept apart
 * from the run's counts and applied to them only once the batch commits (or, rolled back, as what happened without
 * its writes). Confined to the writing thread.
 */
final class BatchOutcome {

    /** A rejected record of a batch, kept until the batch commits (or fails). */
    private record Rejected(long position, DataRecord record, Map<String, Object> key, String reason) {}

    long read;
    long written;
    long skipped;
    long failed;
    final Map<String, Long> conflicts = new LinkedHashMap<>();
    final Map<String, TypeTally> types = new LinkedHashMap<>();
    final Map<String, Long> inserted = new LinkedHashMap<>();
    private final List<Rejected> rejections = new ArrayList<>();

    TypeTally type(String t) {
        return types.computeIfAbsent(t, k -> new TypeTally());
    }

    void conflict(String label) {
        conflicts.merge(label, 1L, Long::sum);
    }

    /** Counts {@code count} conflicts resolved as {@code label} (none when zero). */
    void conflicts(String label, long count) {
        if (count > 0) {
            conflicts.merge(label, count, Long::sum);
        }
    }

    /** Counts a rejected record and keeps it, with its reason, for the report's error log. */
    void reject(long position, DataRecord r, Map<String, Object> key, String reason) {
        failed++;
        type(r.type()).failed++;
        rejections.add(new Rejected(position, r, key, reason));
    }

    /** The checkpoint after this batch, to store with it; the run's own one advances only once the batch commits. */
    Checkpoint checkpointAfter(Checkpoint cp, String migration, Pipeline.Batch batch) {
        Checkpoint next = cp.copy(migration);
        advance(next, batch);
        return next;
    }

    /** Moves a checkpoint past this batch, adding its counts. */
    void advance(Checkpoint cp, Pipeline.Batch batch) {
        cp.position = batch.nextPosition();
        if (batch.lastKey() != null) {
            cp.after = batch.lastKey();
        }
        if (batch.hashAfter() != null) {
            cp.sourceHash = batch.hashAfter();
        }
        cp.read += read;
        cp.written += written;
        cp.skipped += skipped;
        cp.failed += failed;
        conflicts.forEach((k, v) -> cp.conflicts.merge(k, v, Long::sum));
        inserted.forEach((k, v) -> cp.writtenByTable.merge(k, v, Long::sum));
    }

    /** Adds a committed batch to the report. */
    void committedTo(Report r) {
        r.read += read;
        r.written += written;
        r.skipped += skipped;
        r.failed += failed;
        conflicts.forEach((k, v) -> r.conflicts.merge(k, v, Long::sum));
        types.forEach((t, c) -> r.type(t).add(c));
        for (Rejected x : rejections) {
            r.reject(x.position(), x.record(), x.key(), x.reason());
        }
    }

    /**
     * Counts a batch that failed and was rolled back into the report: its records were read and its rejections
     * happened, but none of its rows were written, so a partial report's counts are what happened.
     */
    void uncommittedTo(Report r) {
        r.read += read;
        r.skipped += skipped;
        r.failed += failed;
        types.forEach((t, c) -> r.type(t).addUncommitted(c));
        for (Rejected x : rejections) {
            r.reject(x.position(), x.record(), x.key(), x.reason());
        }
    }
}
