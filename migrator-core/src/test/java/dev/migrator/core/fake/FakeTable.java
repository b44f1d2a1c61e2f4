package dev.migrator.core.fake;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One in-memory table: its columns and its rows in primary-key order. The first column is the primary key, so every
 * row has a key and a reader can stream rows in key order and resume after one, as the SPI asks. Not thread-safe: a
 * {@link FakeState} is read and changed under its database's monitor, or privately by one transaction.
 */
final class FakeTable {

    private final String schema;
    private final String name;
    private final List<ColumnInfo> columns;
    private final TreeMap<Object, Object[]> rows = new TreeMap<>(FakeTable::compareKeys);

    FakeTable(String schema, String name, List<ColumnInfo> columns) {
        this.schema = schema;
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    FakeTable copy() {
        FakeTable t = new FakeTable(schema, name, columns);
        rows.forEach((k, v) -> t.rows.put(k, v.clone()));
        return t;
    }

    TableInfo info() {
        return new TableInfo(schema, name, columns, List.of(columns.get(0).name()));
    }

    String name() {
        return name;
    }

    List<ColumnInfo> columns() {
        return columns;
    }

    int size() {
        return rows.size();
    }

    /** Every row in key order, each a copy in column order. */
    List<Object[]> rows() {
        return rows.values().stream().map(Object[]::clone).toList();
    }

    /** Inserts a row given in column order; a row whose key exists is refused as a database would. */
    void insert(Object[] values) {
        Object[] row = normaliseRow(values);
        if (row[0] == null) {
            throw new StatementException("null value in column \"" + columns.get(0).name() + "\" of " + schema + "." + name
                    + " violates not-null constraint", "23502", null);
        }
        if (rows.containsKey(row[0])) {
            throw new StatementException("duplicate key value violates unique constraint \"" + name + "_pkey\": key ("
                    + columns.get(0).name() + ")=(" + row[0] + ") already exists", "23505", null);
        }
        rows.put(row[0], row);
    }

    void delete(Object key) {
        rows.remove(normalise(0, key));
    }

    void clear() {
        rows.clear();
    }

    /** A row given as a map of column to value, in column order; unknown columns are refused as a database would. */
    Object[] rowOf(Map<String, Object> values) {
        Object[] row = new Object[columns.size()];
        for (Map.Entry<String, Object> e : values.entrySet()) {
            int i = indexOf(e.getKey());
            if (i < 0) {
                throw new StatementException("column \"" + e.getKey() + "\" of relation \"" + name + "\" does not exist",
                        "42703", null);
            }
            row[i] = e.getValue();
        }
        return row;
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    private Object[] normaliseRow(Object[] values) {
        if (values.length != columns.size()) {
            throw new StatementException("row of " + values.length + " values for " + columns.size() + " columns of " + name,
                    "42601", null);
        }
        Object[] row = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = normalise(i, values[i]);
        }
        return row;
    }

    /** Values as the column's kind stores them: whole numbers as {@code Long}, so keys compare as the database would. */
    private Object normalise(int column, Object value) {
        if (value == null) {
            return null;
        }
        ValueKind kind = columns.get(column).kind();
        if (kind == ValueKind.INTEGER) {
            if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
                return n.longValue();
            }
            if (value instanceof String s) {
                try {
                    return Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    // falls through to the type error below
                }
            }
            throw new StatementException("invalid input syntax for type bigint: \"" + value + "\" (column "
                    + columns.get(column).name() + " of " + name + ")", "22P02", null);
        }
        if (kind == ValueKind.STRING && !(value instanceof String)) {
            return String.valueOf(value);
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        rows.values().forEach(r -> shown.add(Arrays.toString(r)));
        return schema + "." + name + shown;
    }
}
