package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.spi.DataWriteSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one run: records are read by the source's own thread, transformed and validated (by a pool when
 * {@code parallelism > 1}, a batch ahead of the writer), and written in source order, one transaction per batch that
 * also stores the checkpoint. A batch that fails transiently is tried again on a new session; a batch written on a
 * fast path (rows inserted into a target that was empty at the start, or upserted and counted under {@code overwrite},
 * without looking for conflicts; see {@link BatchPlanner}) that fails for another reason is tried again once looking up
 * every key, and the rest of the run looks keys up.
 */
final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final DataRunner.Run run;
    private final SourceCursor source;
    private final DataMigrationOptions o;
    private final ExecutorService pool;
    private final long startNanos = System.nanoTime();
    private final BatchPlanner planner;
    private DataWriteSession writer;
    /** Whether the source is read by position, and so fingerprinted; and the fingerprint of the records read so far. */
    private final boolean hashing;
    private long sourceHash;

    Pipeline(DataRunner.Run run, SourceCursor source) {
        this.run = run;
        this.source = source;
        this.o = run.options();
        this.pool = o.parallelism() > 1 ? Executors.newFixedThreadPool(o.parallelism(), r -> {
            Thread t = new Thread(r, "migrator-data-transform");
            t.setDaemon(true);
            return t;
        }) : null;
        this.planner = new BatchPlanner(run.migration(), o, run::tableFor);
        Long start = run.checkpoint().sourceHash;
        this.hashing = run.readsByPosition() && start != null;
        this.sourceHash = hashing ? start : RecordHash.EMPTY;
    }

    /**
     * Records of one batch as read, with where the source stands after the last: its key (sources read by key) or the
     * fingerprint of every record up to it (sources read by position; see {@link RecordHash}).
     */
    record Batch(long firstPosition, List<DataRecord> records, Object[] lastKey, Long hashAfter) {
        /** The position of the record after this batch. */
        long nextPosition() {
            return firstPosition + records.size();
        }
    }

    /** A batch with each record's outcome. */
    record Processed(Batch batch, List<Records.Outcome> outcomes) {}

    void run() {
        writer = run.openWriter();
        Deque<Future<Processed>> ahead = new ArrayDeque<>();
        long position = run.checkpoint().position;
        try {
            while (true) {
                Processed p;
                if (pool == null) {
                    Batch b = read(position);
                    if (b == null) {
                        break;
                    }
                    position += b.records().size();
                    p = process(b);
                } else {
                    while (ahead.size() < 2) {
                        Batch b = read(position);
                        if (b == null) {
                            break;
                        }
                        position += b.records().size();
                        ahead.add(pool.submit(() -> process(b)));
                    }
                    if (ahead.isEmpty()) {
                        break;
                    }
                    p = get(ahead.poll());
                }
                write(p);
                Pauses.afterBatch(o);
            }
            if (source.total() != lastTotal) {
                // Read to its end: the source's total is now exact (a JSON file's was estimated from the bytes read).
                reportProgress();
            }
            checkErrorRate(ErrorRateCheck.AT_END);
        } finally {
            ahead.forEach(f -> f.cancel(true));
        }
    }

    /** The total the last progress event carried. */
    private long lastTotal = -1;

    private void reportProgress() {
        lastTotal = source.total();
        run.progress(DataProgress.Stage.MIGRATE, run.checkpoint().position, lastTotal,
                run.report().read / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9));
    }

    private Batch read(long firstPosition) {
        List<DataRecord> records = new ArrayList<>(o.batchSize());
        DataRecord r;
        while (records.size() < o.batchSize() && (r = source.next()) != null) {
            records.add(r);
            if (hashing) {
                sourceHash = RecordHash.add(sourceHash, r);
            }
        }
        return records.isEmpty() ? null : new Batch(firstPosition, records, source.lastKey(), hashing ? sourceHash : null);
    }

    private Processed process(Batch b) {
        Records records = run.records();
        List<Records.Outcome> out = new ArrayList<>(b.records().size());
        for (DataRecord r : b.records()) {
            out.add(records.process(r));
        }
        return new Processed(b, out);
    }

    private static Processed get(Future<Processed> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted while transforming records.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** When the error rate is checked: after a batch only once 100 records were read, at the end whatever the count. */
    private enum ErrorRateCheck {
        AFTER_BATCH,
        AT_END
    }

    /**
     * Writes a batch in one transaction with its checkpoint. A batch that fails transiently is tried again on a new
     * session, up to {@code retries} times with a doubling pause; one that failed on a fast path for another reason
     * is written again once, looking up every key.
     */
    private void write(Processed p) {
        int attempt = 0;
        BatchPlanner.KeyLookup lookup = BatchPlanner.KeyLookup.FAST_PATH_ALLOWED;
        while (true) {
            boolean usedFastPath = false;
            BatchOutcome out = new BatchOutcome();
            try {
                writer.begin();
                BatchOps ops = planner.plan(p, out, writer, source.kinds(), lookup);
                usedFastPath = ops.fastPath();
                Checkpoint cp = run.checkpoint();
                if (!o.dryRun()) {
                    if (!ops.isEmpty()) {
                        // This run's own backup, before its first write (a no-op once taken): see RunBackup.ensure.
                        run.ensureBackup();
                    }
                    ops.flush(writer, out);
                    Checkpoint next = out.checkpointAfter(cp, run.migration().name(), p.batch());
                    writer.saveCheckpoint(run.checkpointSchema(), run.migration().name(), next.toJson());
                    writer.commit();
                } else {
                    writer.rollback();
                }
                apply(cp, out, p.batch());
                checkErrorRate(ErrorRateCheck.AFTER_BATCH);
                reportProgress();
                return;
            } catch (DataMigrationException e) {
                writer.rollback();
                out.uncommittedTo(run.report());
                throw e;
            } catch (RuntimeException e) {
                writer.rollback();
                long from = p.batch().firstPosition();
                long to = from + p.batch().records().size() - 1;
                if (writer.isTransient(e) && attempt < o.retries()) {
                    long wait = Pauses.retryWait(o, attempt);
                    attempt++;
                    LOG.warn("[{}] Batch of records {}..{} failed ({}); retry {} of {} in {} ms on a new connection",
                            run.migration().name(), from, to, e.getMessage(), attempt, o.retries(), wait);
                    Pauses.sleep(wait);
                    reopen();
                    continue;
                }
                if (usedFastPath && lookup == BatchPlanner.KeyLookup.FAST_PATH_ALLOWED) {
                    LOG.info("[{}] Batch of records {}..{} failed without key look-ups, inserted as new rows or upserted "
                            + "({}); writing it again, looking up every key", run.migration().name(), from, to,
                            e.getMessage());
                    lookup = BatchPlanner.KeyLookup.EVERY_KEY;
                    for (DataRunner.TargetTable t : run.tables().values()) {
                        t.optimistic = false;
                    }
                    planner.countedUpsertFailed();
                    reopen();
                    continue;
                }
                out.uncommittedTo(run.report());
                throw new DataMigrationException(ErrorCode.DATA_FAILED, "Data migration " + run.migration().name()
                        + " could not write the batch of records " + from + " to " + to + (attempt > 0 ? " after " + attempt
                        + " retries" : "") + ": " + stripPeriod(e.getMessage()) + ". Fix the cause and run again.", null, e);
            }
        }
    }

    private static String stripPeriod(String message) {
        String m = String.valueOf(message).strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private void reopen() {
        try {
            writer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a failed session: {}", e.toString());
        }
        writer = run.openWriter();
    }

    private void checkErrorRate(ErrorRateCheck when) {
        Report r = run.report();
        if (!o.continueOnError() || r.read == 0 || r.read < 100 && when == ErrorRateCheck.AFTER_BATCH) {
            return;
        }
        double rate = (double) r.failed / r.read;
        if (rate > o.maxErrorRate()) {
            throw new DataMigrationException(ErrorCode.DATA_ERROR_RATE, "Data migration " + run.migration().name()
                    + " rejected " + r.failed + " of " + r.read + " records (" + String.format(java.util.Locale.ROOT, "%.1f",
                    rate * 100) + " %), more than maxErrorRate " + String.format(java.util.Locale.ROOT, "%.1f",
                    o.maxErrorRate() * 100) + " % allows" + (o.errorLog() != null ? "; the error log " + o.errorLog()
                    + " has each record and its reason" : "") + ".", null, null);
        }
    }

    /** Applies a committed (or dry-run) batch to the run: its checkpoint, the rows it inserted, the report. */
    private void apply(Checkpoint cp, BatchOutcome out, Batch batch) {
        out.advance(cp, batch);
        if (!o.dryRun()) {
            out.inserted.forEach(run::inserted);
        }
        out.committedTo(run.report());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (writer != null) {
            writer.close();
        }
        run.report().close();
    }
}
