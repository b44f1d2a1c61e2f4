package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataProgress;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.util.HandOff;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.NativeBatch;
import dev.migrator.spi.NativeReader;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain table copy in the backends' native bulk format (PostgreSQL's COPY text): batches of bytes move from the
 * source's {@link DataReadSession#readNative} to the target's {@link DataWriteSession#writeNative} without a row ever
 * being decoded into Java values, each batch committed with the checkpoint as on the record path. Used only when the
 * record path could do nothing else than copy every row unchanged into a table that holds none of them: see
 * {@link #open}. A reader thread prefetches the next batch while the current one is written; at most two batches are
 * in memory.
 */
final class NativeCopy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NativeCopy.class);

    private final DataRunner.Run run;
    private final DataMigrationOptions o;
    private final Backend sourceBackend;
    private final TableInfo source;
    private final List<String> sourceColumns;
    private final DataRunner.TargetTable target;
    private final List<String> targetColumns;
    private final String type;
    private final long total;
    private final long startNanos = System.nanoTime();
    private DataReadSession reader;
    private NativeBatch first;
    private Prefetch prefetch;
    private DataWriteSession writer;

    private NativeCopy(DataRunner.Run run, Backend sourceBackend, DataReadSession reader, TableInfo source,
            List<String> sourceColumns, DataRunner.TargetTable target, List<String> targetColumns, String type, long total,
            NativeBatch first) {
        this.run = run;
        this.o = run.options();
        this.sourceBackend = sourceBackend;
        this.reader = reader;
        this.source = source;
        this.sourceColumns = sourceColumns;
        this.target = target;
        this.targetColumns = targetColumns;
        this.type = type;
        this.total = total;
        this.first = first;
    }

    /**
     * The native copy of this run, or {@code null} (logged at DEBUG with the reason) when the record path must run: the
     * source is a whole table (no {@code where}) copied unchanged (no transforms, validators, schemas, filter or type
     * options; not a dry run) into one target table that was empty when the migration first started, so that no row
     * after the checkpoint's key can be there yet; both sessions share a native format; every source column exists in
     * the target with the same kind and the target's key is the source's; and the reader can read the key natively (it
     * reads the first batch here to say so).
     *
     * @param targetFormat the target writer's {@link DataWriteSession#nativeFormat()}
     */
    static NativeCopy open(DataRunner.Run run, String targetFormat) {
        DataMigration m = run.migration();
        DataMigrationOptions o = run.options();
        String why = refusal(run, targetFormat);
        if (why != null) {
            LOG.debug("[{}] Copying records (not natively): {}", m.name(), why);
            return null;
        }
        RecordSource.Table t = (RecordSource.Table) m.source();
        DataRunner.TargetTable tt = run.tables().values().iterator().next();
        Backend b = run.backendOf(t.connection());
        Optional<DataReadSession> opened = b.openDataReader();
        if (opened.isEmpty()) {
            LOG.debug("[{}] Copying records (not natively): the source cannot be read by data migrations", m.name());
            return null; // the record path says so in its own words
        }
        DataReadSession r = opened.get();
        try {
            Optional<NativeReader> nativeReader = r.nativeReader();
            String sourceFormat = nativeReader.map(NativeReader::format).orElse(null);
            if (nativeReader.isEmpty() || !Objects.equals(sourceFormat, targetFormat)) {
                LOG.debug("[{}] Copying records (not natively): the source's native format {} is not the target's {}",
                        m.name(), sourceFormat, targetFormat);
                r.close();
                return null;
            }
            DataRunner.TableName sn = DataRunner.split(t.table(), b);
            TableInfo info = r.describe(sn.schema(), sn.name()).orElse(null);
            if (info == null || info.primaryKey().isEmpty()) {
                r.close();
                return null; // the record path refuses it with its message
            }
            List<String> sourceColumns = new ArrayList<>();
            List<String> targetColumns = new ArrayList<>();
            why = columns(info, tt, sourceColumns, targetColumns);
            if (why != null) {
                LOG.debug("[{}] Copying records (not natively): {}", m.name(), why);
                r.close();
                return null;
            }
            Checkpoint cp = run.checkpoint();
            NativeBatch first = nativeReader.get().read(info, sourceColumns, info.primaryKey(), cp.after, o.batchSize())
                    .orElse(null);
            if (first == null) {
                LOG.debug("[{}] Copying records (not natively): the source cannot read {} natively by its key {}",
                        m.name(), info.qualifiedName(), info.primaryKey());
                r.close();
                return null;
            }
            long total = r.count(info, null).orElse(-1); // the cursor's "unknown"
            String type = t.table().substring(t.table().indexOf('.') + 1);
            LOG.debug("[{}] Copying {} into {} natively ({}), {} rows a batch", m.name(), info.qualifiedName(), tt.qualified,
                    sourceFormat, o.batchSize());
            return new NativeCopy(run, b, r, info, List.copyOf(sourceColumns), tt, List.copyOf(targetColumns), type, total,
                    first);
        } catch (RuntimeException e) {
            r.close();
            throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "The source table " + t.table()
                    + " of data migration " + m.name() + " cannot be read: " + e.getMessage(), null, e);
        }
    }

    /** Why the run's settings rule the native path out, or {@code null} when they allow it. */
    private static String refusal(DataRunner.Run run, String targetFormat) {
        DataMigration m = run.migration();
        DataMigrationOptions o = run.options();
        if (!(m.source() instanceof RecordSource.Table t)) {
            return "the source is not a table";
        }
        if (t.where() != null) {
            return "the source has a where condition";
        }
        if (!m.transforms().isEmpty() || !m.validators().isEmpty() || !m.schemas().isEmpty()) {
            return "the migration has transforms, validators or schemas";
        }
        if (o.filter() != null || !o.includeTypes().isEmpty() || !o.excludeTypes().isEmpty()) {
            return "the options filter records or types";
        }
        if (o.dryRun()) {
            return "it is a dry run";
        }
        if (run.tables().size() != 1) {
            return "the migration has " + run.tables().size() + " target tables";
        }
        DataRunner.TargetTable tt = run.tables().values().iterator().next();
        if (run.tableFor(t.table().substring(t.table().indexOf('.') + 1)) != tt) {
            return "the source's records have no target";
        }
        if (tt.document) {
            return "the target is a document collection";
        }
        if (!Boolean.TRUE.equals(run.checkpoint().emptyAtStart.get(tt.qualified))) {
            return "the target " + tt.qualified + " was not empty when the migration first started";
        }
        if (targetFormat == null) {
            return "the target has no native format";
        }
        return null;
    }

    /**
     * Fills the source's columns and the target columns they go to; returns why they do not match, or {@code null}.
     * The kinds must be equal: a native batch carries the source's text of each value, which is what the record path
     * would write too only when no conversion stands between them.
     */
    private static String columns(TableInfo info, DataRunner.TargetTable tt, List<String> sourceColumns,
            List<String> targetColumns) {
        Set<String> used = new HashSet<>();
        for (ColumnInfo c : info.columns()) {
            String to = tt.column(c.name());
            if (to == null) {
                return "the source column " + c.name() + " has no column in " + tt.qualified;
            }
            ColumnInfo tc = tt.columns.get(to);
            if (tc.kind() != c.kind() || !Objects.equals(tc.elementKind(), c.elementKind())) {
                return "the source column " + c.name() + " (" + c.type() + ") and " + tt.qualified + "." + to + " ("
                        + tc.type() + ") differ in kind";
            }
            if (!used.add(to)) {
                return "two source columns go to " + tt.qualified + "." + to;
            }
            sourceColumns.add(c.name());
            targetColumns.add(to);
        }
        List<String> key = new ArrayList<>();
        for (String k : info.primaryKey()) {
            key.add(tt.column(k));
        }
        if (!key.equals(tt.keys)) {
            return "the target's key " + tt.keys + " is not the source's primary key " + info.primaryKey();
        }
        return null;
    }

    // ------------------------------------------------------------------ the copy

    void run() {
        writer = run.openWriter();
        prefetch = new Prefetch(reader, run.checkpoint().after, first);
        first = null;
        int attempt = 0;
        while (true) {
            Checkpoint cp = run.checkpoint();
            long from = cp.position;
            NativeBatch b = null;
            try {
                b = prefetch.next();
                if (b.isEnd()) {
                    return;
                }
                writer.begin();
                if (b.rows() > 0) {
                    writer.nativeWriter().orElseThrow(() -> new IllegalStateException("the target stopped writing "
                            + target.qualified + " natively")).write(target.info, targetColumns, b.data());
                }
                Checkpoint next = cp.copy(run.migration().name());
                advance(next, b);
                writer.saveCheckpoint(run.checkpointSchema(), run.migration().name(), next.toJson());
                writer.commit();
            } catch (DataMigrationException | MigrationInterruptedException e) {
                writer.rollback();
                throw e;
            } catch (RuntimeException e) {
                writer.rollback();
                String what = b == null ? "read the records after " + from + (cp.after == null ? ""
                        : " (after key " + Arrays.toString(cp.after) + ")")
                        : "write the batch of records " + from + " to " + (from + b.rows() - 1);
                if (writer.isTransient(e) && attempt < o.retries()) {
                    long wait = Pauses.retryWait(o, attempt);
                    attempt++;
                    LOG.warn("[{}] Could not {} ({}); retry {} of {} in {} ms on new connections", run.migration().name(),
                            what, e.getMessage(), attempt, o.retries(), wait);
                    Pauses.sleep(wait);
                    restart();
                    continue;
                }
                throw new DataMigrationException(ErrorCode.DATA_FAILED, "Data migration " + run.migration().name()
                        + " could not " + what + (attempt > 0 ? " after " + attempt + " retries" : "") + ": "
                        + sentence(e.getMessage()) + " The batches before it are committed; fix the cause and run again"
                        + " to resume.",
                        null, e);
            }
            attempt = 0;
            advance(cp, b);
            run.inserted(target.qualified, b.rows());
            Report r = run.report();
            r.read += b.rows();
            r.written += b.rows();
            TypeTally counts = r.type(type);
            counts.read += b.rows();
            counts.written += b.rows();
            run.progress(DataProgress.Stage.MIGRATE, cp.position, total,
                    r.read / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9));
            Pauses.afterBatch(o);
        }
    }

    /** The checkpoint after the batch: every row read is written, none skipped or rejected. */
    private void advance(Checkpoint cp, NativeBatch b) {
        cp.position += b.rows();
        cp.after = b.lastKey();
        cp.read += b.rows();
        cp.written += b.rows();
        cp.writtenByTable.merge(target.qualified, (long) b.rows(), Long::sum);
    }

    /** New sessions on both sides, reading again from the last committed checkpoint. */
    private void restart() {
        prefetch.close();
        closeQuietly(reader);
        closeQuietly(writer);
        reader = null;
        writer = null;
        writer = run.openWriter();
        reader = sourceBackend.openDataReader().orElseThrow(() -> new IllegalStateException(
                "the source stopped reading " + source.qualifiedName() + " for data migrations"));
        prefetch = new Prefetch(reader, run.checkpoint().after, null);
    }

    private static void closeQuietly(AutoCloseable session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (Exception e) {
            LOG.debug("closing a failed session: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.close();
        }
        closeQuietly(reader);
        closeQuietly(writer);
        run.report().close();
    }

    // ------------------------------------------------------------------ the reader thread

    /**
     * Reads batches on a thread of its own and hands each over when the writer asks for it: one batch being written
     * and one read ahead, never more (a rendezvous: the reader holds its batch until the writer takes it).
     */
    private final class Prefetch {
        private final HandOff.Reading<NativeBatch, RuntimeException> batches;

        Prefetch(DataReadSession session, Object[] after, NativeBatch first) {
            this.batches = HandOff.fromThread("migrator-data-read-" + run.migration().name(), 0,
                    out -> read(session, after, first, out));
        }

        private void read(DataReadSession session, Object[] from, NativeBatch first, HandOff.Out<NativeBatch> out)
                throws InterruptedException {
            Object[] after = from;
            NativeBatch b = first;
            try {
                while (!out.cancelled()) {
                    if (b == null) {
                        Object[] key = after;
                        b = session.nativeReader().flatMap(n -> n.read(source, sourceColumns, source.primaryKey(), key,
                                o.batchSize())).orElse(null);
                        if (b == null) {
                            throw new IllegalStateException("the source stopped reading " + source.qualifiedName()
                                    + " natively part-way, after key " + Arrays.toString(after));
                        }
                    }
                    out.put(b);
                    if (b.isEnd()) {
                        return;
                    }
                    after = b.lastKey();
                    b = null;
                }
            } catch (Error e) {
                // Reported as the run's failure in its own words, as a failed read is.
                throw new IllegalStateException(e.toString(), e);
            }
        }

        NativeBatch next() {
            NativeBatch b;
            try {
                b = batches.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationInterruptedException("Interrupted while reading the data migration's source.", e);
            }
            if (b == null) {
                throw new IllegalStateException("the source's reader ended before its last batch");
            }
            return b;
        }

        void close() {
            batches.close();
        }
    }

    /** The text as a sentence: a full stop added unless it already ends with one (or with ? or !). */
    private static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
    }
}
