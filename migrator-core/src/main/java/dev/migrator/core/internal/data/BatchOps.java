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
 * the fast path (inserted as new rows without looking for existing keys). Confined to the writing thread.
 */
final class BatchOps {

    /** One row to write. A key repeated later in the batch replaces its columns and values (see {@link #replace}). */
    static final class Op {
        final DataRunner.TargetTable table;
        final String type;
        List<String> columns;
        Object[] values;
        final boolean insert;

        private Op(DataRunner.TargetTable table, String type, List<String> columns, Object[] values, boolean insert) {
            this.table = table;
            this.type = type;
            this.columns = columns;
            this.values = values;
            this.insert = insert;
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
        return add(new Op(row.table(), type, row.columns(), row.values(), true));
    }

    /** Plans a row that replaces an existing one of the same key. */
    Op upsert(String type, TargetRows.Row row) {
        return add(new Op(row.table(), type, row.columns(), row.values(), false));
    }

    private Op add(Op op) {
        ops.add(op);
        return op;
    }

    void usedFastPath() {
        fastPath = true;
    }

    /** Whether a table's rows were planned as inserts without looking up existing keys. */
    boolean fastPath() {
        return fastPath;
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Writes the batch's operations: grouped by table, kind and columns, in the order they first appear. */
    void flush(DataWriteSession writer) {
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
}
