package dev.migrator.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The common transforms: rename and map fields, map values, add constant or derived fields, new ids, type
 * conversions, and per-type steps. Each returns a {@link Transform} to pass to
 * {@link DataMigration.Builder#transform(Transform)}.
 */
public final class Transforms {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Transforms() {}

    /**
     * Renames a field, keeping its place; records without it pass unchanged.
     *
     * @param from the field's current name
     * @param to its new name
     * @return a transform renaming the field
     */
    public static Transform rename(String from, String to) {
        return r -> r.renamed(from, to);
    }

    /**
     * Removes a field.
     *
     * @param field the field's name
     * @return a transform removing the field; records without it pass unchanged
     */
    public static Transform remove(String field) {
        return r -> r.without(field);
    }

    /**
     * Keeps only the given fields, in the given order (absent ones stay absent).
     *
     * @param fields the names of the fields to keep, in the order wanted
     * @return a transform keeping only those fields
     */
    public static Transform keep(String... fields) {
        return r -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (String f : fields) {
                if (r.has(f)) {
                    out.put(f, r.get(f));
                }
            }
            return DataRecord.of(r.type(), out);
        };
    }

    /**
     * Replaces a field's value through a map, e.g. {@code Map.of("todo", "pending", "done", "completed")}; values not
     * in the map are kept unless {@code strict}, when they reject the record naming the field and the value.
     *
     * @param field the field's name
     * @param mapping old value to new value
     * @param strict {@code true} to reject a record whose value is not in the map, {@code false} to keep the value
     * @return a transform mapping the field's values
     */
    public static Transform mapValues(String field, Map<?, ?> mapping, boolean strict) {
        Map<?, ?> copy = Map.copyOf(mapping);
        return r -> {
            if (!r.has(field) || r.get(field) == null) {
                return r;
            }
            Object v = r.get(field);
            if (copy.containsKey(v)) {
                return r.with(field, copy.get(v));
            }
            if (strict) {
                throw new IllegalArgumentException("field '" + field + "' has the value '" + v + "', which is not one of "
                        + copy.keySet());
            }
            return r;
        };
    }

    /**
     * {@link #mapValues(String, Map, boolean)} keeping values not in the map.
     *
     * @param field the field's name
     * @param mapping old value to new value
     * @return a transform mapping the field's values, keeping those not in the map
     */
    public static Transform mapValues(String field, Map<?, ?> mapping) {
        return mapValues(field, mapping, false);
    }

    /**
     * Replaces a present field's value with a function of it.
     *
     * @param field the field's name
     * @param function computes the new value from the old; not called when the field is absent
     * @return a transform replacing the field's value
     */
    public static Transform map(String field, Function<Object, Object> function) {
        return r -> r.has(field) ? r.with(field, function.apply(r.get(field))) : r;
    }

    /**
     * Sets a field to a constant (e.g. the {@code userId} every imported record belongs to).
     *
     * @param field the field's name
     * @param value the value every record gets
     * @return a transform setting the field
     */
    public static Transform constant(String field, Object value) {
        return r -> r.with(field, value);
    }

    /**
     * Sets a field to a function of the whole record.
     *
     * @param field the field's name
     * @param function computes the value from the record as transformed so far
     * @return a transform setting the field
     */
    public static Transform derive(String field, Function<DataRecord, Object> function) {
        return r -> r.with(field, function.apply(r));
    }

    /**
     * Sets a field to a new id of the given kind; with a {@code legacyField} the old value is kept there.
     *
     * @param field the field that gets the new id
     * @param kind {@link IdKind#ULID} or {@link IdKind#UUID_V7}
     * @param legacyField the field that keeps the old value, or {@code null} to drop it
     * @return a transform giving each record a new id
     */
    public static Transform newId(String field, IdKind kind, String legacyField) {
        return r -> {
            DataRecord out = legacyField != null && r.has(field) ? r.with(legacyField, r.get(field)) : r;
            return out.with(field, kind == IdKind.ULID ? ulid() : uuidV7().toString());
        };
    }

    /**
     * Sets a field to a new id of the given kind, replacing any old value.
     *
     * @param field the field that gets the new id
     * @param kind {@link IdKind#ULID} or {@link IdKind#UUID_V7}
     * @return a transform giving each record a new id
     */
    public static Transform newId(String field, IdKind kind) {
        return newId(field, kind, null);
    }

    /**
     * Converts an ISO-8601 text field to a timestamp with zone ({@code OffsetDateTime}): {@code 2024-05-01T10:00:00Z},
     * {@code 2024-05-01T12:00:00+02:00}, a local date-time or a date (taken as UTC), or epoch milliseconds as a number.
     * A value that does not parse rejects the record naming the field and the value.
     *
     * @param field the field to convert; records without it pass unchanged
     * @return a transform converting the field to {@code OffsetDateTime}
     */
    public static Transform toTimestamp(String field) {
        return r -> r.has(field) && r.get(field) != null ? r.with(field, timestamp(field, r.get(field))) : r;
    }

    /**
     * Applies {@code transform} only to records of {@code type}; others pass unchanged.
     *
     * @param type the record type the transform applies to
     * @param transform the transform to apply to records of that type
     * @return a transform applying {@code transform} to records of {@code type} only
     */
    public static Transform forType(String type, Transform transform) {
        Objects.requireNonNull(type, "type");
        return r -> r.type().equals(type) ? transform.apply(r) : r;
    }

    /**
     * Drops records that do not match.
     *
     * @param keep true for the records to keep
     * @return a transform dropping the records {@code keep} rejects
     */
    public static Transform filter(Predicate<DataRecord> keep) {
        return r -> keep.test(r) ? r : null;
    }

    /** Kinds of new ids. */
    public enum IdKind {
        /** 26 characters, Crockford base32, time-ordered (48-bit milliseconds + 80 random bits). */
        ULID,
        /** RFC 9562 version 7: time-ordered UUID (48-bit milliseconds, version, 74 random bits), as text. */
        UUID_V7
    }

    /** {@return a new ULID} */
    public static String ulid() {
        long time = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits as 16 base32 characters.
        long hi = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
        long lo = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** {@return a new version 7 UUID} */
    public static UUID uuidV7() {
        long time = System.currentTimeMillis();
        long msb = (time << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    static OffsetDateTime timestamp(String field, Object v) {
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue()).atOffset(ZoneOffset.UTC);
        }
        String s = v.toString().trim();
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("field '" + field + "' has the value '" + s + "', which is not an "
                            + "ISO-8601 timestamp (e.g. 2024-05-01T10:00:00Z)");
                }
            }
        }
    }
}
