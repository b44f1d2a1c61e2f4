package dev.migrator.core.internal.data;

import dev.migrator.api.ConflictResolver;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one run: records are read by the source's own thread, transformed and validated (by a pool when
 * {@code parallelism > 1}, a batch ahead of the writer), and written in source order, one transaction per batch that
 * also stores the checkpoint. A batch that fails transiently is tried again on a new session; a batch written on the
 * fast path (a target that was empty at the start, rows inserted without looking for conflicts) that fails for another
 * reason is tried again once looking up every key.
 */
final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final DataRunner.Run run;
    private final SourceCursor source;
    private final DataMigrationOptions o;
    private final ExecutorService pool;
    private final long startNanos = System.nanoTime();
    private DataWriteSession writer;
    private Layout layout;
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
        Long start = run.checkpoint().sourceHash;
        this.hashing = run.readsByPosition() && start != null;
        this.sourceHash = hashing ? start : RecordHash.EMPTY;
    }

    /**
     * Records of one batch as read, with where the source stands after the last: its key (sources read by key) or the
     * fingerprint of every record up to it (sources read by position; see {@link RecordHash}).
     */
    private record Batch(long firstPosition, List<DataRecord> records, Object[] lastKey, Long hashAfter) {}

    /** A batch with each record's outcome. */
    private record Processed(Batch batch, List<Records.Outcome> outcomes) {}

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
                if (!o.batchDelay().isZero()) {
                    sleep(o.batchDelay().toMillis());
                }
            }
            checkErrorRate(true);
        } finally {
            ahead.forEach(f -> f.cancel(true));
        }
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

    // ------------------------------------------------------------------ writing a batch

    /** One row to write (or, in a dry run, that would be). */
    private static final class Op {
        final DataRunner.TargetTable table;
        final long position;
        final String type;
        List<String> columns;
        Object[] values;
        final boolean insert;
        final List<Object> key;

        Op(DataRunner.TargetTable table, long position, String type, List<String> columns, Object[] values, boolean insert,
                List<Object> key) {
            this.table = table;
            this.position = position;
            this.type = type;
            this.columns = columns;
            this.values = values;
            this.insert = insert;
            this.key = key;
        }
    }

    /** A record turned into a target row. */
    private record Row(DataRunner.TargetTable table, List<String> columns, Object[] values, List<Object> key,
            Object[] keyValues) {}

    /** A rejected record of a batch, kept until the batch commits (or fails). */
    private record Rejected(long position, DataRecord record, Map<String, Object> key, String reason) {}

    /** What a batch did, applied to the run's counts only once it commits. */
    private static final class Outcome {
        long read;
        long written;
        long skipped;
        long failed;
        final Map<String, Long> conflicts = new LinkedHashMap<>();
        final Map<String, TypeTally> types = new LinkedHashMap<>();
        final Map<String, Long> inserted = new LinkedHashMap<>();
        final List<Rejected> rejections = new ArrayList<>();

        TypeTally type(String t) {
            return types.computeIfAbsent(t, k -> new TypeTally());
        }

        void conflict(String label) {
            conflicts.merge(label, 1L, Long::sum);
        }
    }

    private void write(Processed p) {
        int attempt = 0;
        boolean safe = false;
        while (true) {
            boolean usedFastPath = false;
            Outcome out = new Outcome();
            try {
                writer.begin();
                List<Op> ops = new ArrayList<>();
                usedFastPath = plan(p, out, ops, safe);
                Checkpoint cp = run.checkpoint();
                long position = p.batch().firstPosition() + p.batch().records().size();
                if (!o.dryRun()) {
                    if (!ops.isEmpty()) {
                        // This run's own backup, before its first write (a no-op once taken): see DataRunner.ensureBackup.
                        run.ensureBackup();
                    }
                    flush(ops);
                    Checkpoint next = copyWith(cp, out, position, p.batch().lastKey(), p.batch().hashAfter());
                    writer.saveCheckpoint(run.checkpointSchema(), run.migration().name(), next.toJson());
                    writer.commit();
                } else {
                    writer.rollback();
                }
                apply(cp, out, position, p.batch().lastKey(), p.batch().hashAfter());
                checkErrorRate(false);
                Report r = run.report();
                run.progress(DataProgress.Stage.MIGRATE, cp.position, source.total(),
                        r.read / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9));
                return;
            } catch (DataMigrationException e) {
                writer.rollback();
                uncommitted(out);
                throw e;
            } catch (RuntimeException e) {
                writer.rollback();
                long from = p.batch().firstPosition();
                long to = from + p.batch().records().size() - 1;
                if (writer.isTransient(e) && attempt < o.retries()) {
                    long wait = o.retryBackoff().toMillis() << attempt;
                    attempt++;
                    LOG.warn("[{}] Batch of records {}..{} failed ({}); retry {} of {} in {} ms on a new connection",
                            run.migration().name(), from, to, e.getMessage(), attempt, o.retries(), wait);
                    sleep(wait);
                    reopen();
                    continue;
                }
                if (usedFastPath && !safe) {
                    LOG.info("[{}] Batch of records {}..{} did not insert as new rows ({}); writing it again, looking up "
                            + "every key", run.migration().name(), from, to, e.getMessage());
                    safe = true;
                    for (DataRunner.TargetTable t : run.tables().values()) {
                        t.optimistic = false;
                    }
                    reopen();
                    continue;
                }
                uncommitted(out);
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

    /** Turns a batch's records into write operations, resolving conflicts; returns whether the fast path was used. */
    private boolean plan(Processed p, Outcome out, List<Op> ops, boolean safe) {
        List<Row> rows = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        List<DataRecord> recordsOf = new ArrayList<>();
        List<DataRecord> records = p.batch().records();
        for (int i = 0; i < records.size(); i++) {
            long position = p.batch().firstPosition() + i;
            Records.Outcome oc = p.outcomes().get(i);
            String type = records.get(i).type();
            out.read++;
            out.type(type).read++;
            if (oc.skipped()) {
                out.skipped++;
                out.type(type).skipped++;
                continue;
            }
            if (oc.rejected()) {
                reject(out, position, oc.record(), Map.of(), oc.code(), oc.reason());
                continue;
            }
            DataRecord r = oc.record();
            DataRunner.TargetTable t = run.tableFor(r.type());
            if (t == null) {
                reject(out, position, r, Map.of(), ErrorCode.DATA_RECORD_INVALID, "there is no target for record type '"
                        + r.type() + "'; give one with target(\"" + r.type() + "\", DataTarget.of(...)) or exclude the type");
                continue;
            }
            Row row;
            try {
                row = row(t, r, records.get(i), source.kinds());
            } catch (Coercion.ConversionException | IllegalArgumentException e) {
                reject(out, position, r, Map.of(), ErrorCode.DATA_RECORD_INVALID, e.getMessage());
                continue;
            }
            rows.add(row);
            positions.add(position);
            recordsOf.add(r);
        }
        // Look up existing rows per table, unless the table was empty at the start and no key repeats.
        boolean fastPath = false;
        Map<DataRunner.TargetTable, Map<List<Object>, DataRecord>> existing = new LinkedHashMap<>();
        Map<DataRunner.TargetTable, List<Row>> byTable = new LinkedHashMap<>();
        java.util.Set<DataRunner.TargetTable> readExisting = new java.util.HashSet<>();
        String lastType = null;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            byTable.computeIfAbsent(row.table(), k -> new ArrayList<>()).add(row);
            String type = recordsOf.get(i).type();
            if (!type.equals(lastType) && readsExisting(run.migration().conflict(type))) {
                readExisting.add(row.table());
            }
            lastType = type;
        }
        for (Map.Entry<DataRunner.TargetTable, List<Row>> e : byTable.entrySet()) {
            DataRunner.TargetTable t = e.getKey();
            if (t.optimistic && !safe && !o.dryRun()) {
                fastPath = true;
                existing.put(t, Map.of());
                continue;
            }
            List<Object[]> keys = new ArrayList<>();
            java.util.Set<List<Object>> seen = new java.util.HashSet<>();
            for (Row row : e.getValue()) {
                if (seen.add(row.key())) {
                    keys.add(row.keyValues());
                }
            }
            Map<List<Object>, DataRecord> found = new HashMap<>();
            // Skip, overwrite and fail only ask whether a key exists: read the key columns, not whole rows.
            TableInfo lookup = t.document || readExisting.contains(t) ? t.info : keysOnly(t);
            for (Object[] ex : writer.find(lookup, t.keys, keys)) {
                DataRecord rec = existingRecord(lookup, t.document, ex);
                found.put(keyOf(t, rec), rec);
            }
            existing.put(t, found);
        }
        Map<DataRunner.TargetTable, Map<List<Object>, Op>> pending = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            DataRunner.TargetTable t = row.table();
            DataRecord incoming = recordsOf.get(i);
            long position = positions.get(i);
            Map<List<Object>, Op> inBatch = pending.computeIfAbsent(t, k -> new HashMap<>());
            Op earlier = inBatch.get(row.key());
            DataRecord there = earlier != null ? opRecord(earlier) : existing.get(t).get(row.key());
            if (there == null) {
                Op op = new Op(t, position, incoming.type(), row.columns(), row.values(), true, row.key());
                ops.add(op);
                inBatch.put(row.key(), op);
                out.written++;
                out.type(incoming.type()).written++;
                out.inserted.merge(t.qualified, 1L, Long::sum);
                continue;
            }
            Resolution res;
            try {
                res = resolve(run.migration().conflict(incoming.type()), t, row, incoming, there);
            } catch (Coercion.ConversionException | IllegalArgumentException e) {
                reject(out, position, incoming, keyMap(t, row), ErrorCode.DATA_RECORD_INVALID, e.getMessage());
                continue;
            }
            if (res.reject != null) {
                reject(out, position, incoming, keyMap(t, row), ErrorCode.DATA_CONFLICT, res.reject);
                continue;
            }
            out.conflict(res.label);
            if (res.write == null) {
                out.skipped++;
                out.type(incoming.type()).skipped++;
                continue;
            }
            out.written++;
            out.type(incoming.type()).written++;
            if (earlier != null) {
                // A key repeated within the batch: the later record's resolution replaces the pending row.
                earlier.columns = res.write.columns();
                earlier.values = res.write.values();
            } else {
                Op op = new Op(t, position, incoming.type(), res.write.columns(), res.write.values(), false, row.key());
                ops.add(op);
                inBatch.put(row.key(), op);
            }
        }
        return fastPath;
    }

    private void reject(Outcome out, long position, DataRecord r, Map<String, Object> key, ErrorCode code, String reason) {
        out.failed++;
        out.type(r.type()).failed++;
        out.rejections.add(new Rejected(position, r, key, reason));
        if (!o.continueOnError()) {
            throw new DataMigrationException(code, "Data migration " + run.migration().name() + " rejected record "
                    + position + " (" + r.type() + (key.isEmpty() ? "" : " " + key) + "): " + reason + ". Nothing of its "
                    + "batch was written; fix the record or the transforms, or run with continueOnError(true) to log such "
                    + "records and go on.", null, null);
        }
    }

    /**
     * Counts a batch that failed and was rolled back into the report: its records were read and its rejections
     * happened, but none of its rows were written, so a partial report's counts are what happened.
     */
    private void uncommitted(Outcome out) {
        Report r = run.report();
        r.read += out.read;
        r.skipped += out.skipped;
        r.failed += out.failed;
        out.types.forEach((t, c) -> r.type(t).addUncommitted(c));
        for (Rejected x : out.rejections) {
            r.reject(x.position(), x.record(), x.key(), x.reason());
        }
    }

    private void checkErrorRate(boolean end) {
        Report r = run.report();
        if (!o.continueOnError() || r.read == 0 || r.read < 100 && !end) {
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

    /** The checkpoint after this batch, to store with it; the run's own one advances only once the batch commits. */
    private Checkpoint copyWith(Checkpoint cp, Outcome out, long position, Object[] lastKey, Long hashAfter) {
        Checkpoint next = cp.copy(run.migration().name());
        advance(next, out, position, lastKey, hashAfter);
        return next;
    }

    private static void advance(Checkpoint cp, Outcome out, long position, Object[] lastKey, Long hashAfter) {
        cp.position = position;
        if (lastKey != null) {
            cp.after = lastKey;
        }
        if (hashAfter != null) {
            cp.sourceHash = hashAfter;
        }
        cp.read += out.read;
        cp.written += out.written;
        cp.skipped += out.skipped;
        cp.failed += out.failed;
        out.conflicts.forEach((k, v) -> cp.conflicts.merge(k, v, Long::sum));
        out.inserted.forEach((k, v) -> cp.writtenByTable.merge(k, v, Long::sum));
    }

    private void apply(Checkpoint cp, Outcome out, long position, Object[] lastKey, Long hashAfter) {
        advance(cp, out, position, lastKey, hashAfter);
        if (!o.dryRun()) {
            out.inserted.forEach(run::inserted);
        }
        Report r = run.report();
        r.read += out.read;
        r.written += out.written;
        r.skipped += out.skipped;
        r.failed += out.failed;
        out.conflicts.forEach((k, v) -> r.conflicts.merge(k, v, Long::sum));
        out.types.forEach((t, c) -> r.type(t).add(c));
        for (Rejected x : out.rejections) {
            r.reject(x.position(), x.record(), x.key(), x.reason());
        }
    }

    /** Writes the batch's operations: grouped by table, kind and columns, in the order they first appear. */
    private void flush(List<Op> ops) {
        Map<List<Object>, List<Op>> groups = new LinkedHashMap<>();
        for (Op op : ops) {
            groups.computeIfAbsent(List.of(op.table.qualified, op.insert, op.columns), k -> new ArrayList<>()).add(op);
        }
        for (List<Op> group : groups.values()) {
            Op first = group.get(0);
            DataRunner.TargetTable t = first.table;
            TableInfo info = t.document ? t.info : subset(t, first.columns);
            List<Object[]> rows = new ArrayList<>(group.size());
            for (Op op : group) {
                rows.add(op.values);
            }
            if (first.insert) {
                writer.insert(info, rows);
            } else {
                writer.upsert(info, t.keys, rows);
            }
        }
    }

    private static TableInfo subset(DataRunner.TargetTable t, List<String> columns) {
        List<ColumnInfo> cols = new ArrayList<>(columns.size());
        for (String c : columns) {
            cols.add(t.columns.get(c));
        }
        return new TableInfo(t.info.schema(), t.info.name(), cols, t.info.primaryKey());
    }

    // ------------------------------------------------------------------ rows and keys

    /**
     * How the records of one field order map onto a table: each field's column, whether its value may pass as read,
     * where the keys are. Records of a table source all share their field order, so it is resolved once, not per value.
     */
    private static final class Layout {
        final DataRunner.TargetTable table;
        final String[] fields;
        final List<String> columns;
        final ColumnInfo[] infos;
        final boolean[] jsonAsRead;
        final int[] keyAt;

        Layout(DataRunner.TargetTable t, Map<String, Object> record, Map<String, ValueKind> kinds) {
            this.table = t;
            this.fields = record.keySet().toArray(String[]::new);
            List<String> cols = new ArrayList<>(fields.length);
            this.infos = new ColumnInfo[fields.length];
            this.jsonAsRead = new boolean[fields.length];
            for (int i = 0; i < fields.length; i++) {
                String c = t.column(fields[i]);
                if (c == null) {
                    throw new IllegalArgumentException("field '" + fields[i] + "' has no column in " + t.qualified + " (its "
                            + "columns: " + t.columns.keySet() + "); rename it or remove it with a transform");
                }
                cols.add(c);
                infos[i] = t.columns.get(c);
                jsonAsRead[i] = infos[i].kind() == ValueKind.JSON && kinds.get(fields[i]) == ValueKind.JSON;
            }
            this.columns = List.copyOf(cols);
            this.keyAt = new int[t.keys.size()];
            for (int k = 0; k < keyAt.length; k++) {
                keyAt[k] = columns.indexOf(t.keys.get(k));
            }
        }

        boolean fits(DataRunner.TargetTable t, Map<String, Object> record) {
            if (t != table || record.size() != fields.length) {
                return false;
            }
            int i = 0;
            for (String f : record.keySet()) {
                String mine = fields[i++];
                if (mine != f && !mine.equals(f)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The record as a target row, each value converted to its column's kind. A JSON value passed on unchanged (the very
     * object read) from a source column that is JSON too is valid JSON already: it is not parsed again.
     *
     * @param original the record as read, before the transforms, or {@code null}
     * @param kinds the kinds of the source's fields, as read
     */
    private Row row(DataRunner.TargetTable t, DataRecord r, DataRecord original, Map<String, ValueKind> kinds) {
        if (t.document) {
            Object[] keyValues = new Object[t.keys.size()];
            for (int i = 0; i < keyValues.length; i++) {
                String k = t.keys.get(i);
                if (r.get(k) == null) {
                    throw new IllegalArgumentException("the key field '" + k + "' is missing or null");
                }
                keyValues[i] = r.get(k);
            }
            return new Row(t, List.of(t.info.columns().get(0).name()), new Object[] {new LinkedHashMap<>(r.fields())},
                    normalise(keyValues), keyValues);
        }
        Map<String, Object> fields = r.fields();
        Layout l = layout;
        if (l == null || !l.fits(t, fields)) {
            l = new Layout(t, fields, kinds);
            // Only the source's records share a layout; a resolver's record keeps the cached one for the next row.
            if (original != null) {
                layout = l;
            }
        }
        Object[] values = new Object[l.fields.length];
        int i = 0;
        for (Object v : fields.values()) {
            boolean asRead = l.jsonAsRead[i] && v instanceof String && original != null
                    && original.fields().get(l.fields[i]) == v;
            values[i] = asRead ? v : Coercion.to(l.infos[i], v);
            i++;
        }
        Object[] keyValues = new Object[t.keys.size()];
        for (int k = 0; k < keyValues.length; k++) {
            int at = l.keyAt[k];
            if (at < 0 || values[at] == null) {
                throw new IllegalArgumentException("the key field '" + t.keys.get(k) + "' is missing or null");
            }
            keyValues[k] = values[at];
        }
        return new Row(t, l.columns, values, normalise(keyValues), keyValues);
    }

    /** Key values comparable across sources: integral numbers as Long, decimals without trailing zeros. */
    private static List<Object> normalise(Object[] key) {
        List<Object> out = new ArrayList<>(key.length);
        for (Object v : key) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                out.add(((Number) v).longValue());
            } else if (v instanceof BigInteger b && b.bitLength() < 64) {
                out.add(b.longValue());
            } else if (v instanceof BigDecimal d) {
                out.add(d.stripTrailingZeros());
            } else if (v instanceof byte[] b) {
                out.add(java.util.HexFormat.of().formatHex(b));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static DataRecord existingRecord(TableInfo info, boolean document, Object[] row) {
        if (document) {
            return DataRecord.of(info.name(), (Map<String, Object>) row[0]);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            ColumnInfo c = info.columns().get(i);
            Object v = row[i];
            // A record's JSON objects are Maps (see DataRecord), also for the existing side of a conflict.
            if (c.kind() == dev.migrator.spi.ValueKind.JSON && v instanceof String json) {
                Object parsed = parse(json);
                v = parsed instanceof Map<?, ?> || parsed instanceof List<?> ? parsed : v;
            }
            fields.put(c.name(), v);
        }
        return DataRecord.of(info.name(), fields);
    }

    /** The table with only its key columns, for lookups that need no other value. */
    private static TableInfo keysOnly(DataRunner.TargetTable t) {
        List<ColumnInfo> cols = new ArrayList<>(t.keys.size());
        for (String k : t.keys) {
            cols.add(t.columns.get(k));
        }
        return new TableInfo(t.info.schema(), t.info.name(), cols, t.info.primaryKey());
    }

    /** Whether a conflict strategy reads the existing row (newest, merge, fill, a resolver) or only its presence. */
    private static boolean readsExisting(ConflictStrategy s) {
        return !(s instanceof ConflictStrategy.Skip || s instanceof ConflictStrategy.Overwrite
                || s instanceof ConflictStrategy.Fail);
    }

    private static List<Object> keyOf(DataRunner.TargetTable t, DataRecord r) {
        Object[] k = new Object[t.keys.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = r.get(t.keys.get(i));
        }
        return normalise(k);
    }

    @SuppressWarnings("unchecked")
    private static DataRecord opRecord(Op op) {
        if (op.table.document) {
            return DataRecord.of(op.type, (Map<String, Object>) op.values[0]);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < op.columns.size(); i++) {
            fields.put(op.columns.get(i), op.values[i]);
        }
        return DataRecord.of(op.type, fields);
    }

    private static Map<String, Object> keyMap(DataRunner.TargetTable t, Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < t.keys.size(); i++) {
            m.put(t.keys.get(i), row.keyValues()[i]);
        }
        return m;
    }

    // ------------------------------------------------------------------ conflicts

    /** A conflict's outcome: write {@code write} (or nothing) with {@code label}, or reject. */
    private record Resolution(Row write, String label, String reject) {}

    private Resolution resolve(ConflictStrategy s, DataRunner.TargetTable t, Row row, DataRecord incoming, DataRecord there) {
        if (s instanceof ConflictStrategy.Skip) {
            return new Resolution(null, "skip", null);
        }
        if (s instanceof ConflictStrategy.Overwrite) {
            return new Resolution(row, "overwrite", null);
        }
        if (s instanceof ConflictStrategy.Fail) {
            return new Resolution(null, null, "its key " + keyMap(t, row) + " already exists in " + t.qualified
                    + " and the conflict strategy is fail");
        }
        if (s instanceof ConflictStrategy.Newest n) {
            String field = t.document ? n.field() : t.column(n.field());
            Instant in = field == null ? null : Coercion.instant(valueOf(t, row, field));
            Instant ex = field == null ? null : Coercion.instant(there.get(field));
            if (in != null && (ex == null || in.isAfter(ex))) {
                return new Resolution(row, "newest:incoming", null);
            }
            return new Resolution(null, "newest:existing", null);
        }
        if (s instanceof ConflictStrategy.Merge merge) {
            return new Resolution(merged(t, row, there, merge.fillOnly()), merge.name(), null);
        }
        if (s instanceof ConflictStrategy.Custom c) {
            ConflictResolver.Resolution answer = c.resolver().resolve(new ConflictResolver.Conflict(incoming.type(),
                    keyMap(t, row), incoming, there));
            if (answer instanceof ConflictResolver.Resolution.Write w) {
                Row written = row(t, w.record().withType(incoming.type()), null, Map.of());
                if (!written.key().equals(row.key())) {
                    throw new IllegalArgumentException("the conflict resolver returned a record with key "
                            + keyMap(t, written) + " for the conflict on " + keyMap(t, row));
                }
                return new Resolution(written, w.label(), null);
            }
            return new Resolution(null, answer.label(), null);
        }
        throw new IllegalStateException("unknown strategy " + s);
    }

    private static Object valueOf(DataRunner.TargetTable t, Row row, String column) {
        if (t.document) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) row.values()[0];
            return doc.get(column);
        }
        int i = row.columns().indexOf(column);
        return i < 0 ? null : row.values()[i];
    }

    /** The incoming row merged with the existing record: nested objects merged field by field. */
    private static Row merged(DataRunner.TargetTable t, Row row, DataRecord there, boolean fillOnly) {
        if (t.document) {
            @SuppressWarnings("unchecked")
            Map<String, Object> incoming = (Map<String, Object>) row.values()[0];
            Map<String, Object> out = deepMerge(there.fields(), incoming, fillOnly);
            return new Row(t, row.columns(), new Object[] {out}, row.key(), row.keyValues());
        }
        Object[] values = row.values().clone();
        for (int i = 0; i < values.length; i++) {
            String c = row.columns().get(i);
            ColumnInfo col = t.columns.get(c);
            Object old = there.get(c);
            Object neu = values[i];
            // JSON objects are merged field by field; MariaDB's json is text, so text holding two objects is too.
            if (old instanceof Map<?, ?> || old instanceof List<?>) {
                old = Coercion.json(old);
            }
            boolean jsonish = col.kind() == dev.migrator.spi.ValueKind.JSON || col.kind() == dev.migrator.spi.ValueKind.STRING;
            if (jsonish && old instanceof String os && neu instanceof String ns && os.trim().startsWith("{")
                    && ns.trim().startsWith("{")) {
                Object a = parse(os);
                Object b = parse(ns);
                if (a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = deepMerge((Map<String, Object>) am, (Map<String, Object>) bm, fillOnly);
                    values[i] = Coercion.json(m);
                    continue;
                }
            }
            if (fillOnly && old != null) {
                values[i] = old;
            }
        }
        return new Row(t, row.columns(), values, row.key(), row.keyValues());
    }

    private static Object parse(String json) {
        try {
            return Coercion.JSON.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepMerge(Map<String, Object> existing, Map<String, Object> incoming, boolean fillOnly) {
        Map<String, Object> out = new LinkedHashMap<>(existing);
        incoming.forEach((k, v) -> {
            Object old = out.get(k);
            if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> vm) {
                out.put(k, deepMerge((Map<String, Object>) om, (Map<String, Object>) vm, fillOnly));
            } else if (!fillOnly || old == null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted during a data migration's pause.", e);
        }
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
