package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Converts record field values to the Java values a backend expects for a column's {@link ValueKind}, and says which
 * field and value when that cannot be done. Lenient where the meaning is unambiguous (ISO text to timestamps, numbers
 * in text to numbers, epoch milliseconds to timestamps), strict otherwise (never truncating a fraction into an
 * integer).
 */
final class Coercion {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Far more digits than any integer column holds (an unsigned bigint has 20). */
    private static final int MAX_INTEGER_DIGITS = 1000;

    private Coercion() {}

    /** A value that cannot be converted: {@link #getMessage()} names the field, the value and the column type. */
    static final class ConversionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /**
     * The class whose values {@link #to} returns as they are for a column of this kind, so that a caller may pass them
     * on without the call; {@code null} where values are always checked or converted (JSON, documents, arrays).
     */
    static Class<?> unchanged(ColumnInfo column) {
        return switch (column.kind()) {
            case STRING, OTHER -> String.class;
            case INTEGER -> Long.class;
            case DECIMAL -> BigDecimal.class;
            case FLOAT -> Double.class;
            case BOOLEAN -> Boolean.class;
            case BINARY -> byte[].class;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMP_TZ -> OffsetDateTime.class;
            case UUID -> UUID.class;
            default -> null;
        };
    }

    static Object to(ColumnInfo column, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b && column.kind() == ValueKind.INTEGER && column.type() != null
                && column.type().regionMatches(true, 0, "tinyint(1)", 0, 10)) {
            // MySQL's BOOLEAN is tinyint(1), an integer column: true and false are what it stores as 1 and 0.
            return b ? 1L : 0L;
        }
        try {
            Object out = convert(column.kind(), column.elementKind(), v);
            if (out != null) {
                return out;
            }
        } catch (ArithmeticException | IllegalArgumentException | DateTimeParseException e) {
            // reported below with the field and the value
        }
        throw new ConversionException("field '" + column.name() + "' has the value " + show(v) + ", which cannot be "
                + "converted to " + column.type() + " (" + column.kind().name().toLowerCase(Locale.ROOT) + ")");
    }

    private static Object convert(ValueKind kind, ValueKind element, Object v) {
        switch (kind) {
            case STRING, OTHER:
                if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
                    return json(v);
                }
                return v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v.toString();
            case INTEGER:
                if (v instanceof Long || v instanceof BigInteger) {
                    return v;
                }
                if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    return ((Number) v).longValue();
                }
                if (v instanceof Boolean) {
                    return null;
                }
                BigDecimal d = v instanceof BigDecimal bd ? bd : new BigDecimal(v.toString().trim());
                if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
                    return null; // 1e999999999 would take minutes to expand, for a value no integer column holds
                }
                BigInteger i = d.toBigIntegerExact();
                return i.bitLength() < 64 ? (Object) i.longValue() : i;
            case DECIMAL:
                if (v instanceof BigDecimal) {
                    return v;
                }
                if (v instanceof Boolean) {
                    return null;
                }
                return new BigDecimal(v.toString().trim());
            case FLOAT:
                if (v instanceof Double) {
                    return v;
                }
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                return v instanceof Boolean ? null : Double.valueOf(v.toString().trim());
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                String s = v.toString().trim().toLowerCase(Locale.ROOT);
                return switch (s) {
                    case "true", "t", "1", "yes" -> Boolean.TRUE;
                    case "false", "f", "0", "no" -> Boolean.FALSE;
                    default -> null;
                };
            case BINARY:
                if (v instanceof byte[]) {
                    return v;
                }
                return v instanceof String str ? Base64.getDecoder().decode(str) : null;
            case DATE:
                if (v instanceof LocalDate) {
                    return v;
                }
                if (v instanceof LocalDateTime t) {
                    return t.toLocalDate();
                }
                return v instanceof String str ? LocalDate.parse(str.trim()) : timestampTz(v).toLocalDate();
            case TIME:
                if (v instanceof LocalTime) {
                    return v;
                }
                return v instanceof String str ? LocalTime.parse(str.trim()) : null;
            case TIMESTAMP:
                if (v instanceof LocalDateTime) {
                    return v;
                }
                if (v instanceof String str && !hasZone(str)) {
                    return LocalDateTime.parse(str.trim());
                }
                OffsetDateTime t = timestampTz(v);
                return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            case TIMESTAMP_TZ:
                return timestampTz(v);
            case UUID:
                return v instanceof UUID ? v : UUID.fromString(v.toString().trim());
            case JSON:
                if (v instanceof String str) {
                    String t2 = str.trim();
                    return (t2.startsWith("{") || t2.startsWith("[")) && parses(t2) ? str : json(str);
                }
                return json(plain(v));
            case DOCUMENT:
                return v instanceof Map<?, ?> ? v : null;
            case ARRAY:
                List<Object> out = new ArrayList<>();
                Iterable<?> items;
                if (v instanceof Iterable<?> it) {
                    items = it;
                } else if (v instanceof Object[] arr) {
                    items = List.of(arr);
                } else {
                    return null;
                }
                for (Object item : items) {
                    out.add(item == null ? null : convert(element == null ? ValueKind.STRING : element, null, item));
                }
                return out;
            default:
                return null;
        }
    }

    private static boolean hasZone(String s) {
        String t = s.trim();
        return t.endsWith("Z") || t.endsWith("z") || t.matches(".*T.*[+-]\\d{2}(:?\\d{2})?$");
    }

    static OffsetDateTime timestampTz(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof Date d) {
            return d.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (v instanceof java.time.ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (v instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        if (v instanceof Long || v instanceof Integer) {
            return Instant.ofEpochMilli(((Number) v).longValue()).atOffset(ZoneOffset.UTC);
        }
        if (v instanceof String s) {
            String t = s.trim();
            try {
                return OffsetDateTime.parse(t);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(t).atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    return LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC);
                }
            }
        }
        return null;
    }

    /** An instant for comparing timestamps of the NEWEST strategy, or {@code null} when the value is none. */
    static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        OffsetDateTime t = timestampTz(v instanceof Temporal || v instanceof Date || v instanceof Number || v instanceof String
                ? v : v.toString());
        return t == null ? null : t.toInstant();
    }

    private static boolean parses(String s) {
        try {
            JSON.readTree(s);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static String json(Object v) {
        try {
            return JSON.writeValueAsString(plain(v));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage());
        }
    }

    /** The value with only JSON's types inside (text for java.time, UUID and driver types; base64 for bytes). */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        return v.toString();
    }

    private static String show(Object v) {
        String s = v instanceof String str ? "'" + str + "'" : String.valueOf(plain(v));
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
