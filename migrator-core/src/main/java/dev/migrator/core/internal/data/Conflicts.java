package dev.migrator.core.internal.data;

import dev.migrator.api.ConflictResolver;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataRecord;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a conflict strategy makes of a record whose key is already in the target (or earlier in its batch): skip it,
 * overwrite, keep the newest, merge or fill field by field, reject it, or ask the user's resolver. Confined to the
 * writing thread, as the rows it builds.
 */
final class Conflicts {

    /** A conflict's outcome: write {@code write} (or nothing) with {@code label}, or reject. */
    record Resolution(TargetRows.Row write, String label, String reject) {}

    private final TargetRows rows;

    /** @param rows turns a resolver's record into a row */
    Conflicts(TargetRows rows) {
        this.rows = rows;
    }

    /** Whether a conflict strategy reads the existing row (newest, merge, fill, a resolver) or only its presence. */
    static boolean readsExisting(ConflictStrategy s) {
        return !(s instanceof ConflictStrategy.Skip || s instanceof ConflictStrategy.Overwrite
                || s instanceof ConflictStrategy.Fail);
    }

    Resolution resolve(ConflictStrategy s, DataRunner.TargetTable t, TargetRows.Row row, DataRecord incoming,
            DataRecord there) {
        if (s instanceof ConflictStrategy.Skip) {
            return new Resolution(null, "skip", null);
        }
        if (s instanceof ConflictStrategy.Overwrite) {
            return new Resolution(row, BatchOps.OVERWRITE, null);
        }
        if (s instanceof ConflictStrategy.Fail) {
            return new Resolution(null, null, "its key " + TargetRows.keyMap(t, row) + " already exists in " + t.qualified
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
                    TargetRows.keyMap(t, row), incoming, there));
            if (answer instanceof ConflictResolver.Resolution.Write w) {
                TargetRows.Row written = rows.row(t, w.record().withType(incoming.type()), null, Map.of());
                if (!written.key().equals(row.key())) {
                    throw new IllegalArgumentException("the conflict resolver returned a record with key "
                            + TargetRows.keyMap(t, written) + " for the conflict on " + TargetRows.keyMap(t, row));
                }
                return new Resolution(written, w.label(), null);
            }
            return new Resolution(null, answer.label(), null);
        }
        throw new IllegalStateException("unknown strategy " + s);
    }

    private static Object valueOf(DataRunner.TargetTable t, TargetRows.Row row, String column) {
        if (t.document) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) row.values()[0];
            return doc.get(column);
        }
        int i = row.columns().indexOf(column);
        return i < 0 ? null : row.values()[i];
    }

    /** The incoming row merged with the existing record: nested objects merged field by field. */
    private static TargetRows.Row merged(DataRunner.TargetTable t, TargetRows.Row row, DataRecord there, boolean fillOnly) {
        if (t.document) {
            @SuppressWarnings("unchecked")
            Map<String, Object> incoming = (Map<String, Object>) row.values()[0];
            Map<String, Object> out = deepMerge(there.fields(), incoming, fillOnly);
            return new TargetRows.Row(t, row.columns(), new Object[] {out}, row.key(), row.keyValues());
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
            boolean jsonish = col.kind() == ValueKind.JSON || col.kind() == ValueKind.STRING;
            if (jsonish && old instanceof String os && neu instanceof String ns && os.trim().startsWith("{")
                    && ns.trim().startsWith("{")) {
                Object a = TargetRows.parse(os);
                Object b = TargetRows.parse(ns);
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
        return new TargetRows.Row(t, row.columns(), values, row.key(), row.keyValues());
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
}
