package dev.migrator.mongo.internal;

import dev.migrator.api.DataMigrationException;
import dev.migrator.api.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonBinarySubType;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.json.JsonParseException;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.bson.types.Symbol;

/**
 * Turns the Java values of a data migration's records into the values the driver stores, so that every write and every
 * lookup by key use the same BSON types:
 *
 * <ul>
 *   <li>{@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code Double} and the driver's own types
 *       ({@code ObjectId}, {@code Date}, {@code Decimal128}, {@code Binary}, {@code MinKey}, {@code MaxKey},
 *       {@code Symbol}, {@code Code}, any {@code BsonValue}...) as they are, so that every document
 *       {@link MongoDocumentCodec} reads is written back unchanged;
 *       {@code Short}/{@code Byte} as int32, {@code Float} as double;
 *   <li>{@code BigDecimal} and {@code BigInteger} as {@code Decimal128}, exactly, or a {@link ErrorCode#DATA_RECORD_INVALID}
 *       error when the value needs more than 34 digits (no digit is ever rounded away);
 *   <li>{@code byte[]} as {@code Binary} of subtype 0;
 *   <li>{@code OffsetDateTime}, {@code ZonedDateTime} and {@code Instant} as {@code Date} (millisecond precision, the
 *       instant kept); {@code LocalDateTime} as the {@code Date} of that wall time in UTC; {@code LocalDate} as UTC
 *       midnight of that day; {@code LocalTime}, which BSON has no type for, as its ISO text ({@code 13:45:00});
 *   <li>{@code UUID} as {@code Binary} of subtype 4 (the standard representation), whatever the URI's
 *       {@code uuidRepresentation} says; a document read back holds it as {@code Binary} of subtype 4;
 *   <li>a {@code Map} with {@code String} keys as a nested {@code Document} (field order kept), a {@code Collection}
 *       or {@code Object[]} as an array, an enum as its name.
 * </ul>
 */
final class MongoDocuments {

    /** MongoDB's largest document. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private MongoDocuments() {}

    /**
     * The document a row carries: a {@code Map} (usually a {@code Document}), or Extended JSON text (read as
     * {@link MongoDocumentCodec} reads a backup's).
     *
     * @param where the row for messages, e.g. {@code "record 3 of app.users"}
     */
    static Document document(Object[] row, String where) {
        if (row == null || row.length == 0) {
            throw invalid(where + " has no value; a MongoDB record is one document (a Map).", null);
        }
        Object value = row[0];
        if (value instanceof Map<?, ?> map) {
            return toDocument(map, where);
        }
        if (value instanceof String json) {
            try {
                return toDocument(Document.parse(json, MongoDocumentCodec.CODEC), where);
            } catch (JsonParseException e) {
                throw invalid(where + " is text that is not an Extended JSON document: " + e.getMessage()
                        + ". Give a Map<String, Object> or a JSON object such as {\"_id\": 1, \"name\": \"Ada\"}.", e);
            }
        }
        throw invalid(where + " is " + (value == null ? "null" : "a " + value.getClass().getName())
                + ", not a document; give a Map<String, Object>.", null);
    }

    /** A map as a document whose values are all of types the driver stores. */
    static Document toDocument(Map<?, ?> map, String where) {
        Document out = new Document();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw invalid(where + " has a field whose name is " + (e.getKey() == null ? "null" : "the "
                        + e.getKey().getClass().getSimpleName() + " " + e.getKey()) + "; field names are strings.", null);
            }
            out.put(key, toBson(e.getValue(), where + ", field " + key));
        }
        return out;
    }

    /** One value as the driver stores it; see the class comment. */
    static Object toBson(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof ObjectId || value instanceof Date
                || value instanceof Decimal128 || value instanceof Binary || value instanceof BsonValue
                || value instanceof MinKey || value instanceof MaxKey || value instanceof Symbol || value instanceof Code) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return toDocument(map, where);
        }
        if (value instanceof BigDecimal d) {
            return decimal(d, where);
        }
        if (value instanceof BigInteger i) {
            return decimal(new BigDecimal(i), where);
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof byte[] bytes) {
            return new Binary(bytes);
        }
        if (value instanceof OffsetDateTime t) {
            return Date.from(t.toInstant());
        }
        if (value instanceof ZonedDateTime t) {
            return Date.from(t.toInstant());
        }
        if (value instanceof Instant t) {
            return Date.from(t);
        }
        if (value instanceof LocalDateTime t) {
            return Date.from(t.toInstant(ZoneOffset.UTC));
        }
        if (value instanceof LocalDate d) {
            return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (value instanceof LocalTime t) {
            return t.toString();
        }
        if (value instanceof UUID u) {
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            return new Binary(BsonBinarySubType.UUID_STANDARD, bytes.array());
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object element : c) {
                out.add(toBson(element, where + "[" + i++ + "]"));
            }
            return out;
        }
        if (value instanceof Object[] array) {
            return toBson(List.of(array), where);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        throw invalid(where + " is a " + value.getClass().getName() + ", which MongoDB cannot store; convert it in a "
                + "transform to a String, Long, BigDecimal, Double, Boolean, byte[], a java.time value, UUID, Map or List.", null);
    }

    private static Decimal128 decimal(BigDecimal d, String where) {
        try {
            return new Decimal128(d);
        } catch (NumberFormatException e) {
            throw invalid(where + " is " + d.toPlainString() + ", which does not fit MongoDB's decimal (at most 34 "
                    + "significant digits, exponent -6176 to 6111) without rounding; round it in a transform or store it "
                    + "as a String.", e);
        }
    }

    /**
     * A key value as {@link #toBson} stores it, also accepting the Extended JSON form a checkpoint gives back
     * ({@code {"$oid": "..."}}, {@code {"$date": ...}}, {@code {"$numberDecimal": "..."}}).
     */
    static Object keyValue(Object value, String where) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()
                && map.keySet().stream().allMatch(k -> k instanceof String s && s.startsWith("$"))) {
            try {
                return Document.parse(new Document("v", toDocument(map, where)).toJson()).get("v");
            } catch (RuntimeException e) {
                // not Extended JSON after all: a document whose fields start with '$' is compared as it is
            }
        }
        return toBson(value, where);
    }

    static DataMigrationException invalid(String message, Throwable cause) {
        return new DataMigrationException(ErrorCode.DATA_RECORD_INVALID, message, null, cause);
    }
}
