package dev.migrator.spi;

/**
 * How a column's values travel between a backend and a backup or pipeline, and the Java type each kind uses
 * ({@code null} is allowed for every kind).
 */
public enum ValueKind {
    /** {@code String}: char, varchar, text, enums. */
    STRING,
    /** {@code Long}: smallint, integer, bigint, MySQL tinyint/mediumint/year. */
    INTEGER,
    /** {@code BigDecimal}: numeric, decimal, MySQL unsigned bigint; written as text so no digit is lost. */
    DECIMAL,
    /** {@code Double}: real, double precision, float. */
    FLOAT,
    /** {@code Boolean}: boolean, MySQL bit(1). */
    BOOLEAN,
    /** {@code byte[]}: bytea, blob, binary; written as base64. */
    BINARY,
    /** {@code LocalDate}. */
    DATE,
    /** {@code LocalTime}. */
    TIME,
    /** {@code LocalDateTime}: timestamp without time zone, MySQL datetime. */
    TIMESTAMP,
    /** {@code OffsetDateTime}: timestamp with time zone, MySQL timestamp; written with its offset. */
    TIMESTAMP_TZ,
    /** {@code java.util.UUID}. */
    UUID,
    /** {@code String} holding JSON text: json, jsonb; written as JSON, not as a string. */
    JSON,
    /** {@code List<Object>} of the column's element kind: PostgreSQL arrays. */
    ARRAY,
    /**
     * A document (MongoDB): a {@code Map<String, Object>} in every session, in practice the driver's own document type
     * with the driver's value types inside ({@code ObjectId}, {@code Date}, {@code Decimal128}, {@code Binary}, nested
     * documents and {@code List}s). A backup stores it as JSON text through the backend's {@link DocumentCodec}
     * ({@link Backend#documents()}), which a backend with such columns must offer.
     */
    DOCUMENT,
    /** {@code String}: the database's text form of anything else (interval, inet, money, geometry...). */
    OTHER
}
