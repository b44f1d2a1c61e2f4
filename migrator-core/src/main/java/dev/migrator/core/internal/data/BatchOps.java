package dev.migrator.core.internal.data;

import dev.migrator.api.DataRecord;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one batch writes (or, in a dry run, would write), in the order planned, and whether they were planned on
 * a fast path (inserted as new rows, or upserted counting the rows inserted, without looking for existing keys).
 * Confined to the writing thread.
 */
final class BatchOps {

    /** How a row is written. */
    enum Kind {
        /** A new row: its key was found nowhere. */
        INSERT,
        /** A row that replaces an existing one of the same key. */
        UPSERT,
        /**
         * A row whose key was not looked up, under a strategy that overwrites an existing row: upserted, and counted
         * as inserted or as an {@code overwrite} conflict by what the database says it did.
         */
        COUNTED_UPSERT
    }

    /** The conflict label of a {@link Kind#COUNTED_UPSERT} row that replaced an existing one. */
    static final String OVERWRITE = "overwrite";

    /** One row to write. A key repeated later in the batch replaces its columns and values (see {@link #replace}). */
    static final class Op {
        final DataRunner.TargetTable table;
        final String type;
        List<String> columns;
        Object[] values;
        final Kind kind;

        private Op(DataRunner.TargetTable table, String type, List<String> columns, Object[] values, Kind kind) {
            this.table = table;
            this.type = type;
            this.columns = columns;
            this.values = values;
            this.kind = kind;
        }

        /** The row as a record, as a later record of the same key in the batch sees it. */
        @SuppressWarnings("unchecked")
        DataRecord record() {
            if (table.document) {
                return DataRecord.of(type, (Map<String, Object>) values[0]);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), values[i]);
            }
            return DataRecord.of(type, fields);
        }

        /** A key repeated within the batch: the later record's resolution replaces the pending row. */
        void replace(TargetRows.Row row) {
            columns = row.columns();
            values = row.values();
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private boolean fastPath;

    /** Plans a new row (its key was found nowhere). */
    Op insert(String type, TargetRows.Row row) {
        return add(new Op(row.table(), type, row.columns(), row.values(), Kind.INSERT));
    }

    /** Plans a row that replaces an existing one of the same key. */
    Op upsert(String type, TargetRows.Row row) {
        return add(new Op(row.table(), type, row.columns(), row.values(), Kind.UPSERT));
    }

    /** Plans a row whose key was not looked up, to be upserted and counted by what the database did (see {@link Kind}). */
    Op countedUpsert(String type, TargetRows.Row row) {
        fastPath = true;
        return add(new Op(row.table(), type, row.columns(), row.values(), Kind.COUNTED_UPSERT));
    }

    private Op add(Op op) {
        ops.add(op);
        return op;
    }

    void usedFastPath() {
        fastPath = true;
    }

    /** Whether some rows were planned without looking up existing keys (inserted, or upserted and counted). */
    boolean fastPath() {
        return fastPath;
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /**
     * Writes the batch's operations: grouped by table, kind and columns, in the order they first appear. The rows of
     * {@link Kind#COUNTED_UPSERT} are counted into {@code out} as the database reports them: inserted into the table,
     * or replaced (an {@code overwrite} conflict).
     */
    void flush(DataWriteSession writer, BatchOutcome out) {
        Map<List<Object>, List<Op>> groups = new LinkedHashMap<>();
        for (Op op : ops) {
            groups.computeIfAbsent(List.of(op.table.qualified, op.kind, op.columns), k -> new ArrayList<>()).add(op);
        }
        for (List<Op> group : groups.values()) {
            Op first = group.get(0);
            DataRunner.TargetTable t = first.table;
            TableInfo info = t.document ? t.info : subset(t, first.columns);
            List<Object[]> rows = new ArrayList<>(group.size());
            for (Op op : group) {
                rows.add(op.values);
            }
            switch (first.kind) {
                case INSERT -> writer.insert(info, rows);
                case UPSERT -> writer.upsert(info, t.keys, rows);
                case COUNTED_UPSERT -> {
                    DataWriteSession.CountedUpsert counted = writer.countedUpsert().orElseThrow(() ->
                            new IllegalStateException("rows were planned for an upsert that counts, which the writer lacks"));
                    long inserted = counted.upsert(info, t.keys, rows);
                    if (inserted > 0) {
                        out.inserted.merge(t.qualified, inserted, Long::sum);
                    }
                    out.conflicts(OVERWRITE, rows.size() - inserted);
                }
                default -> throw new IllegalStateException("unknown kind " + first.kind);
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
}
