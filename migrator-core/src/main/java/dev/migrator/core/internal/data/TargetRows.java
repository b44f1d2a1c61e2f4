package dev.migrator.core.internal.data;

import dev.migrator.api.DataRecord;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as target rows and back: each field's column, each value converted to its column's kind, the key as written
 * and as compared. Keeps the layout of the last source record's field order: records of a table source all share it,
 * so it is resolved once, not per value. Confined to the writing thread.
 */
final class TargetRows {

    /**
     * A record turned into a target row.
     *
     * @param key the key's values comparable across sources (see {@link #normalise})
     * @param keyValues the key's values as written
     */
    record Row(DataRunner.TargetTable table, List<String> columns, Object[] values, List<Object> key,
            Object[] keyValues) {}

    private Layout layout;

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
        /** Per field, the class of the values its column takes unconverted (see {@link Coercion#unchanged}). */
        final Class<?>[] unchanged;
        final int[] keyAt;

        Layout(DataRunner.TargetTable t, Map<String, Object> record, Map<String, ValueKind> kinds) {
            this.table = t;
            this.fields = record.keySet().toArray(String[]::new);
            List<String> cols = new ArrayList<>(fields.length);
            this.infos = new ColumnInfo[fields.length];
            this.jsonAsRead = new boolean[fields.length];
            this.unchanged = new Class<?>[fields.length];
            for (int i = 0; i < fields.length; i++) {
                String c = t.column(fields[i]);
                if (c == null) {
                    throw new IllegalArgumentException("field '" + fields[i] + "' has no column in " + t.qualified + " (its "
                            + "columns: " + t.columns.keySet() + "); rename it or remove it with a transform");
                }
                cols.add(c);
                infos[i] = t.columns.get(c);
                jsonAsRead[i] = infos[i].kind() == ValueKind.JSON && kinds.get(fields[i]) == ValueKind.JSON;
                unchanged[i] = Coercion.unchanged(infos[i]);
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
    Row row(DataRunner.TargetTable t, DataRecord r, DataRecord original, Map<String, ValueKind> kinds) {
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
            if (v == null || v.getClass() == l.unchanged[i]) {
                values[i++] = v; // already of its column's kind: nothing to convert
                continue;
            }
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
    static List<Object> normalise(Object[] key) {
        List<Object> out = new ArrayList<>(key.length);
        for (Object v : key) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                out.add(((Number) v).longValue());
            } else if (v instanceof BigInteger b && b.bitLength() < 64) {
                out.add(b.longValue());
            } else if (v instanceof BigDecimal d) {
                out.add(d.stripTrailingZeros());
            } else if (v instanceof byte[] b) {
                out.add(HexFormat.of().formatHex(b));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static DataRecord existingRecord(TableInfo info, boolean document, Object[] row) {
        if (document) {
            return DataRecord.of(info.name(), (Map<String, Object>) row[0]);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            ColumnInfo c = info.columns().get(i);
            Object v = row[i];
            // A record's JSON objects are Maps (see DataRecord), also for the existing side of a conflict.
            if (c.kind() == ValueKind.JSON && v instanceof String json) {
                Object parsed = parse(json);
                v = parsed instanceof Map<?, ?> || parsed instanceof List<?> ? parsed : v;
            }
            fields.put(c.name(), v);
        }
        return DataRecord.of(info.name(), fields);
    }

    /** The table with only its key columns, for lookups that need no other value. */
    static TableInfo keysOnly(DataRunner.TargetTable t) {
        List<ColumnInfo> cols = new ArrayList<>(t.keys.size());
        for (String k : t.keys) {
            cols.add(t.columns.get(k));
        }
        return new TableInfo(t.info.schema(), t.info.name(), cols, t.info.primaryKey());
    }

    static List<Object> keyOf(DataRunner.TargetTable t, DataRecord r) {
        Object[] k = new Object[t.keys.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = r.get(t.keys.get(i));
        }
        return normalise(k);
    }

    static Map<String, Object> keyMap(DataRunner.TargetTable t, Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < t.keys.size(); i++) {
            m.put(t.keys.get(i), row.keyValues()[i]);
        }
        return m;
    }

    /** The JSON text as maps, lists and values; {@code null} when it is not JSON. */
    static Object parse(String json) {
        try {
            return Coercion.JSON.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
