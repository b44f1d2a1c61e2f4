package dev.migrator.core.internal.data;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The step from a batch's processed records to the rows it writes: each record (as transformed and validated) is
 * turned into a row of its type's target table, the existing rows of its keys are looked up (unless the table may
 * take a fast path), and every key already there, or earlier in the batch, is resolved by the type's conflict
 * strategy. Rejected records are counted in the batch's outcome; without {@code continueOnError} the first one fails
 * the batch. Confined to the writing thread.
 *
 * <p>Two fast paths skip the look-up: a table that was empty at the start takes inserts, and a table whose records in
 * the batch all {@code overwrite} takes upserts that the writer counts ({@link DataWriteSession#countedUpsert()}), as
 * inserted or as conflicts, by what the database did — the same counts a look-up would have given. A batch that fails
 * on either is written again looking up every key.
 */
final class BatchPlanner {

    /** How a batch looks for rows already in a target. */
    enum KeyLookup {
        /** A table that was empty at the start takes the fast path: its rows are inserted without a look-up. */
        FAST_PATH_ALLOWED,
        /** Every key is looked up: a batch whose fast path failed is written again this way. */
        EVERY_KEY
    }

    /** A record of the batch as a row to write, with where it was read and the record itself. */
    private record Planned(TargetRows.Row row, long position, DataRecord record) {}

    /** How a table's rows are planned in one batch. */
    private enum TablePath {
        /** Inserted without a look-up: the table was empty at the start. */
        INSERT_WITHOUT_LOOKUP,
        /** Upserted without a look-up, counted by the writer: every record of the table overwrites. */
        COUNTED_UPSERT,
        /** Existing keys looked up, each conflict resolved by its strategy. */
        LOOKUP
    }

    /** The existing rows of a table's keys in this batch (none looked up on a fast path), and how its rows are planned. */
    private record Existing(TablePath path, Map<List<Object>, DataRecord> rows) {}

    /** The existing row of a key whose strategy (skip, overwrite, fail) only asks whether it exists. */
    private static final DataRecord PRESENT = DataRecord.of("existing", Map.of());

    /** Whether a batch failed on the counted upsert: the rest of the run looks keys up instead. */
    private boolean countedUpsertFailed;
    private final DataMigration m;
    private final DataMigrationOptions o;
    private final Function<String, DataRunner.TargetTable> tableFor;
    private final TargetRows rows = new TargetRows();
    private final Conflicts conflicts = new Conflicts(rows);

    /** @param tableFor a record type's target table, or {@code null} when it has none */
    BatchPlanner(DataMigration m, DataMigrationOptions o, Function<String, DataRunner.TargetTable> tableFor) {
        this.m = m;
        this.o = o;
        this.tableFor = tableFor;
    }

    /**
     * Turns a batch's records into write operations, resolving conflicts.
     *
     * @param out counts what the batch did, also when this throws
     * @param writer the session the batch is written on, where existing rows are looked up
     * @param kinds the kinds of the source's fields, as read
     * @throws DataMigrationException for a rejected record without {@code continueOnError}
     */
    BatchOps plan(Pipeline.Processed p, BatchOutcome out, DataWriteSession writer, Map<String, ValueKind> kinds,
            KeyLookup lookup) {
        BatchOps ops = new BatchOps();
        List<Planned> planned = new ArrayList<>();
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
            DataRunner.TargetTable t = tableFor.apply(r.type());
            if (t == null) {
                reject(out, position, r, Map.of(), ErrorCode.DATA_RECORD_INVALID, "there is no target for record type '"
                        + r.type() + "'; give one with target(\"" + r.type() + "\", DataTarget.of(...)) or exclude the "
                        + "type");
                continue;
            }
            TargetRows.Row row;
            try {
                row = rows.row(t, r, records.get(i), kinds);
            } catch (Coercion.ConversionException | IllegalArgumentException e) {
                reject(out, position, r, Map.of(), ErrorCode.DATA_RECORD_INVALID, e.getMessage());
                continue;
            }
            planned.add(new Planned(row, position, r));
        }
        Map<DataRunner.TargetTable, Existing> existing = existing(planned, writer, lookup, ops);
        Map<DataRunner.TargetTable, Map<List<Object>, BatchOps.Op>> pending = new HashMap<>();
        for (Planned pl : planned) {
            TargetRows.Row row = pl.row();
            DataRunner.TargetTable t = row.table();
            DataRecord incoming = pl.record();
            long position = pl.position();
            Map<List<Object>, BatchOps.Op> inBatch = pending.computeIfAbsent(t, k -> new HashMap<>());
            BatchOps.Op earlier = inBatch.get(row.key());
            Existing ex = existing.get(t);
            if (earlier == null && ex.path() == TablePath.COUNTED_UPSERT) {
                // Inserted or an overwrite conflict: BatchOps.flush counts it by what the database did.
                inBatch.put(row.key(), ops.countedUpsert(incoming.type(), row));
                out.written++;
                out.type(incoming.type()).written++;
                continue;
            }
            DataRecord there = earlier != null ? earlier.record() : ex.rows().get(row.key());
            if (there == null) {
                inBatch.put(row.key(), ops.insert(incoming.type(), row));
                out.written++;
                out.type(incoming.type()).written++;
                out.inserted.merge(t.qualified, 1L, Long::sum);
                continue;
            }
            Conflicts.Resolution res;
            try {
                res = conflicts.resolve(m.conflict(incoming.type()), t, row, incoming, there);
            } catch (Coercion.ConversionException | IllegalArgumentException e) {
                reject(out, position, incoming, TargetRows.keyMap(t, row), ErrorCode.DATA_RECORD_INVALID, e.getMessage());
                continue;
            }
            if (res.reject() != null) {
                reject(out, position, incoming, TargetRows.keyMap(t, row), ErrorCode.DATA_CONFLICT, res.reject());
                continue;
            }
            out.conflict(res.label());
            if (res.write() == null) {
                out.skipped++;
                out.type(incoming.type()).skipped++;
                continue;
            }
            out.written++;
            out.type(incoming.type()).written++;
            if (earlier != null) {
                earlier.replace(res.write());
            } else {
                inBatch.put(row.key(), ops.upsert(incoming.type(), res.write()));
            }
        }
        return ops;
    }

    /**
     * The rest of the run looks keys up instead of using the counted upsert: a batch failed on it (the key may have no
     * unique constraint for {@code ON CONFLICT}, or the rows were refused), and was written again with look-ups.
     */
    void countedUpsertFailed() {
        countedUpsertFailed = true;
    }

    /**
     * Looks up existing rows per table, unless the table was empty at the start, or every record of it in the batch
     * overwrites and the writer counts its upserts.
     */
    private Map<DataRunner.TargetTable, Existing> existing(List<Planned> planned, DataWriteSession writer,
            KeyLookup lookup, BatchOps ops) {
        Map<DataRunner.TargetTable, Existing> existing = new LinkedHashMap<>();
        Map<DataRunner.TargetTable, List<TargetRows.Row>> byTable = new LinkedHashMap<>();
        Set<DataRunner.TargetTable> readExisting = new HashSet<>();
        Set<DataRunner.TargetTable> notAllOverwrite = new HashSet<>();
        String lastType = null;
        for (Planned pl : planned) {
            TargetRows.Row row = pl.row();
            byTable.computeIfAbsent(row.table(), k -> new ArrayList<>()).add(row);
            String type = pl.record().type();
            if (!type.equals(lastType)) {
                ConflictStrategy strategy = m.conflict(type);
                if (Conflicts.readsExisting(strategy)) {
                    readExisting.add(row.table());
                }
                if (!(strategy instanceof ConflictStrategy.Overwrite)) {
                    notAllOverwrite.add(row.table());
                }
            }
            lastType = type;
        }
        boolean counting = lookup == KeyLookup.FAST_PATH_ALLOWED && !o.dryRun() && !countedUpsertFailed
                && writer.countedUpsert().isPresent();
        for (Map.Entry<DataRunner.TargetTable, List<TargetRows.Row>> e : byTable.entrySet()) {
            DataRunner.TargetTable t = e.getKey();
            if (t.optimistic && lookup == KeyLookup.FAST_PATH_ALLOWED && !o.dryRun()) {
                ops.usedFastPath();
                existing.put(t, new Existing(TablePath.INSERT_WITHOUT_LOOKUP, Map.of()));
                continue;
            }
            if (counting && !t.document && !notAllOverwrite.contains(t)) {
                existing.put(t, new Existing(TablePath.COUNTED_UPSERT, Map.of()));
                continue;
            }
            List<Object[]> keys = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (TargetRows.Row row : e.getValue()) {
                if (seen.add(row.key())) {
                    keys.add(row.keyValues());
                }
            }
            Map<List<Object>, DataRecord> found = new HashMap<>();
            // Skip, overwrite and fail only ask whether a key exists: read the key columns, not whole rows.
            boolean keysOnly = !t.document && !readExisting.contains(t);
            TableInfo lookupInfo = keysOnly ? TargetRows.keysOnly(t) : t.info;
            boolean presenceOnly = keysOnly && lookupInfo.columns().stream().noneMatch(c -> c.kind() == ValueKind.JSON);
            for (Object[] ex : writer.find(lookupInfo, t.keys, keys)) {
                if (presenceOnly) {
                    // The key columns in the key's order: the key itself. Its strategy never reads the existing row.
                    found.put(TargetRows.normalise(ex), PRESENT);
                    continue;
                }
                DataRecord rec = TargetRows.existingRecord(lookupInfo, t.document, ex);
                found.put(TargetRows.keyOf(t, rec), rec);
            }
            existing.put(t, new Existing(TablePath.LOOKUP, found));
        }
        return existing;
    }

    private void reject(BatchOutcome out, long position, DataRecord r, Map<String, Object> key, ErrorCode code,
            String reason) {
        out.reject(position, r, key, reason);
        if (!o.continueOnError()) {
            throw new DataMigrationException(code, "Data migration " + m.name() + " rejected record "
                    + position + " (" + r.type() + (key.isEmpty() ? "" : " " + key) + "): " + reason + ". Nothing of its "
                    + "batch was written; fix the record or the transforms, or run with continueOnError(true) to log such "
                    + "records and go on.", null, null);
        }
    }
}
