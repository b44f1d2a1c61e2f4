package dev.migrator.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record flowing through a data migration: its type (the table, collection or JSON key it came from, e.g.
 * {@code tasks}) and its fields in order. Immutable: {@link #with}, {@link #without} and {@link #renamed} return new
 * records. Field values are plain Java values: {@code String}, {@code Long}/{@code BigInteger}, {@code BigDecimal},
 * {@code Double}, {@code Boolean}, {@code byte[]}, {@code java.time} values, {@code UUID}, nested {@code Map} and
 * {@code List} (JSON objects and arrays), or {@code null}.
 */
public final class DataRecord {

    private final String type;
    private final Map<String, Object> fields;

    private DataRecord(String type, Map<String, Object> fields) {
        this.type = type;
        this.fields = fields;
    }

    /**
     * A record of a type with a copy of the fields.
     *
     * @throws NullPointerException when type or fields is null
     */
    public static DataRecord of(String type, Map<String, ?> fields) {
        Objects.requireNonNull(type, "type");
        return new DataRecord(type, Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
    }

    /** The record type: a source table's or collection's name, a JSON file's top-level key, or as given. */
    public String type() {
        return type;
    }

    /** The fields, in order; unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** A field's value, or {@code null} when absent or null. */
    public Object get(String field) {
        return fields.get(field);
    }

    /** Whether the field is present (possibly with a null value). */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** This record with a field set (added at the end, or replaced in place). */
    public DataRecord with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(field, value);
        return new DataRecord(type, Collections.unmodifiableMap(copy));
    }

    /** This record without a field. */
    public DataRecord without(String field) {
        if (!fields.containsKey(field)) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.remove(field);
        return new DataRecord(type, Collections.unmodifiableMap(copy));
    }

    /** This record with a field renamed in place; unchanged when the field is absent. */
    public DataRecord renamed(String from, String to) {
        if (!fields.containsKey(from)) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k.equals(from) ? to : k, v));
        return new DataRecord(type, Collections.unmodifiableMap(copy));
    }

    /** This record as another type. */
    public DataRecord withType(String newType) {
        return new DataRecord(Objects.requireNonNull(newType, "type"), fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataRecord r && r.type.equals(type) && r.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return type + fields;
    }
}
