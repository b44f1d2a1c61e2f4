package dev.migrator.api;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One record flowing through a data migration: its type (the table, collection or JSON key it came from, e.g.
 * {@code tasks}) and its fields in order. Immutable: {@link #with}, {@link #without} and {@link #renamed} return new
 * records. Field values are plain Java values: {@code String}, {@code Long}/{@code BigInteger}, {@code BigDecimal},
 * {@code Double}, {@code Boolean}, {@code byte[]}, {@code java.time} values, {@code UUID}, nested {@code Map} and
 * {@code List} (JSON objects and arrays), or {@code null}.
 */
public final class DataRecord {

    /*
     * The fields are two arrays, names and values, rather than a map: a transform's with/renamed/without copies one
     * small array (the names array is shared when only a value changes) instead of building a hash map per record and
     * step, which was most of a transform's cost. fields() is a read-only map view of the arrays. Lookups scan the names;
     * records with many fields get a hash index on the first lookup.
     */

    /** From this many fields on, a lookup builds a hash index instead of scanning the names. */
    private static final int SCAN_LIMIT = 16;

    private final String type;
    private final String[] names;
    private final Object[] values;
    /** The read-only map view, made on first use (a benign race: every view is equal). */
    private Map<String, Object> view;
    /** Positions by name for records of more than {@link #SCAN_LIMIT} fields, made on first use. */
    private Index index;

    /** A final field, so that a thread that sees the holder sees the whole map (a benign race otherwise). */
    private record Index(Map<String, Integer> positions) {}

    private DataRecord(String type, String[] names, Object[] values) {
        this.type = type;
        this.names = names;
        this.values = values;
    }

    /**
     * {@return a record of a type with a copy of the fields}
     *
     * @param type the record's type, e.g. a table's name
     * @param fields field name to value, in order; copied
     * @throws NullPointerException when type or fields is null
     */
    public static DataRecord of(String type, Map<String, ?> fields) {
        Objects.requireNonNull(type, "type");
        int n = fields.size();
        String[] names = new String[n];
        Object[] values = new Object[n];
        int i = 0;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (i == n) {
                throw new IllegalArgumentException("the fields changed while the record was made from them");
            }
            names[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        if (i != n) {
            throw new IllegalArgumentException("the fields changed while the record was made from them");
        }
        return new DataRecord(type, names, values);
    }

    /** {@return the record type: a source table's or collection's name, a JSON file's top-level key, or as given} */
    public String type() {
        return type;
    }

    /** {@return the fields, in order; unmodifiable} */
    public Map<String, Object> fields() {
        Map<String, Object> v = view;
        if (v == null) {
            v = new Fields();
            view = v;
        }
        return v;
    }

    /**
     * {@return a field's value, or {@code null} when absent or null}
     *
     * @param field the field's name
     */
    public Object get(String field) {
        int i = indexOf(field);
        return i < 0 ? null : values[i];
    }

    /**
     * {@return whether the field is present (possibly with a null value)}
     *
     * @param field the field's name
     */
    public boolean has(String field) {
        return indexOf(field) >= 0;
    }

    /**
     * {@return this record with a field set (added at the end, or replaced in place)}
     *
     * @param field the field's name
     * @param value the value; {@code null} is a present field with a null value
     */
    public DataRecord with(String field, Object value) {
        int i = indexOf(field);
        if (i >= 0) {
            Object[] copy = values.clone();
            copy[i] = value;
            return new DataRecord(type, names, copy);
        }
        String[] n = Arrays.copyOf(names, names.length + 1);
        Object[] v = Arrays.copyOf(values, values.length + 1);
        n[names.length] = field;
        v[values.length] = value;
        return new DataRecord(type, n, v);
    }

    /**
     * {@return this record without a field}
     *
     * @param field the field's name
     */
    public DataRecord without(String field) {
        int i = indexOf(field);
        if (i < 0) {
            return this;
        }
        String[] n = new String[names.length - 1];
        Object[] v = new Object[values.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(names, i + 1, n, i, n.length - i);
        System.arraycopy(values, i + 1, v, i, v.length - i);
        return new DataRecord(type, n, v);
    }

    /**
     * {@return this record with a field renamed in place; unchanged when the field is absent}
     *
     * @param from the field's current name
     * @param to its new name
     */
    public DataRecord renamed(String from, String to) {
        int i = indexOf(from);
        if (i < 0) {
            return this;
        }
        if (!Objects.equals(from, to) && indexOf(to) >= 0) {
            // The new name is taken: as a map built in field order would have it, the later value wins and the name
            // keeps its first place.
            Map<String, Object> copy = new LinkedHashMap<>();
            for (int k = 0; k < names.length; k++) {
                copy.put(k == i ? to : names[k], values[k]);
            }
            return of(type, copy);
        }
        String[] n = names.clone();
        n[i] = to;
        return new DataRecord(type, n, values);
    }

    /**
     * {@return this record as another type}
     *
     * @param newType the type the copy gets
     */
    public DataRecord withType(String newType) {
        return new DataRecord(Objects.requireNonNull(newType, "type"), names, values);
    }

    private int indexOf(Object field) {
        if (names.length > SCAN_LIMIT) {
            Index idx = index;
            if (idx == null) {
                Map<String, Integer> positions = new HashMap<>(names.length * 2);
                for (int i = 0; i < names.length; i++) {
                    positions.put(names[i], i);
                }
                idx = new Index(positions);
                index = idx;
            }
            Integer at = idx.positions().get(field);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == field) {
                return i;
            }
        }
        if (field == null) {
            return -1;
        }
        int h = field.hashCode();
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n != null && n.hashCode() == h && n.equals(field)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataRecord r && r.type.equals(type) && r.fields().equals(fields());
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + fields().hashCode();
    }

    @Override
    public String toString() {
        return type + fields();
    }

    /** The fields as a read-only map over the arrays, in order. */
    private final class Fields extends AbstractMap<String, Object> {

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public boolean isEmpty() {
            return names.length == 0;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < names.length; i++) {
                action.accept(names[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Positions<>() {
                        @Override
                        Entry<String, Object> at(int i) {
                            return new SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }

        @Override
        public Set<String> keySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<String> iterator() {
                    return new Positions<>() {
                        @Override
                        String at(int i) {
                            return names[i];
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }

                @Override
                public boolean contains(Object o) {
                    return indexOf(o) >= 0;
                }
            };
        }

        @Override
        public Collection<Object> values() {
            return new AbstractCollection<>() {
                @Override
                public Iterator<Object> iterator() {
                    return new Positions<>() {
                        @Override
                        Object at(int i) {
                            return values[i];
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }

    /** An iterator over the field positions, read-only. */
    private abstract class Positions<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < names.length;
        }

        @Override
        public T next() {
            if (next >= names.length) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
