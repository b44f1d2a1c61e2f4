package dev.migrator.mongo.internal;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Metadata bodies between plain Java JSON values and what the driver stores. Bodies keep their numbers exactly: integers
 * are stored as int64 ({@code BigInteger}s beyond a long as decimal128), {@code BigDecimal}s as decimal128 and other
 * fractions as doubles, so that a body read back has the checksum it was saved with. Values other programs stored in
 * other BSON types read back as text: dates as ISO-8601, ObjectIds as hex, binaries as Base64.
 */
final class MongoBodyValues {

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private MongoBodyValues() {}

    /**
     * The body as the values it reads back as, which the checksum is computed on: maps as {@code LinkedHashMap}s,
     * iterables and arrays as lists, whole numbers as {@code Long} (or {@code BigDecimal} beyond a long),
     * {@code BigDecimal} as it is, other numbers as {@code Double}, anything else as its text.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> normalise(Map<String, ?> body, String key) {
        return (Map<String, Object>) normaliseValue(body, key + " body");
    }

    private static Object normaliseValue(Object v, String where) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normaliseValue(x, where + "." + k)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object x : it) {
                out.add(normaliseValue(x, where + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] a) {
            return normaliseValue(List.of(a), where);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof java.util.concurrent.atomic.AtomicInteger || v instanceof java.util.concurrent.atomic.AtomicLong) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return Double.valueOf(f.toString()); // 1.1f as 1.1, not 1.100000023841858: the checksum reads toString()
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : decimal(new BigDecimal(b), where);
        }
        if (v instanceof BigDecimal d) {
            return decimal(d, where);
        }
        if (v instanceof Number n) {
            try {
                return decimal(new BigDecimal(n.toString()), where);
            } catch (NumberFormatException e) {
                return Double.valueOf(n.doubleValue());
            }
        }
        return v.toString();
    }

    private static BigDecimal decimal(BigDecimal d, String where) {
        try {
            new Decimal128(d);
        } catch (NumberFormatException e) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata " + where + " is " + d.toPlainString()
                    + ", which MongoDB's decimal128 cannot hold exactly (at most 34 significant digits, exponent -6176 "
                    + "to 6111); round it, or store it as a string.");
        }
        return d;
    }

    /** A normalised body as a document: {@code Long} as int64, {@code BigDecimal} as decimal128. */
    static Document toBson(Map<String, Object> body) {
        Document out = new Document();
        body.forEach((k, v) -> out.put(k, toBsonValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object toBsonValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return toBson((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(toBsonValue(x)));
            return out;
        }
        if (v instanceof BigDecimal d) {
            return new Decimal128(d);
        }
        return v;
    }

    /** A stored value as a plain Java JSON value. */
    static Object fromBson(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), fromBson(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(fromBson(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Decimal128 d) {
            if (d.isNaN()) {
                return Double.NaN;
            }
            if (d.isInfinite()) {
                return d.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            try {
                return d.bigDecimalValue();
            } catch (ArithmeticException negativeZero) {
                return BigDecimal.ZERO;
            }
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof ObjectId id) {
            return id.toHexString();
        }
        if (v instanceof Binary b) {
            return Base64.getEncoder().encodeToString(b.getData());
        }
        return v.toString();
    }
}
