package dev.migrator.core.internal.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.ValueKind;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows as JSON lines, faithful to type: each row is one JSON array of its values in column order.
 *
 * <ul>
 *   <li>INTEGER and FLOAT as JSON numbers (non-finite floats as the strings {@code NaN}, {@code Infinity},
 *       {@code -Infinity}); DECIMAL as a string, so no digit or scale is lost;
 *   <li>BINARY as base64; DATE, TIME, TIMESTAMP as ISO-8601; TIMESTAMP_TZ as ISO-8601 in UTC with its offset;
 *   <li>JSON embedded as compact JSON (not as a string); DOCUMENT as the compact form of its backend's
 *       {@link DocumentCodec} text (MongoDB: canonical Extended JSON); ARRAY as a JSON array of its elements;
 *   <li>STRING, UUID and OTHER as strings; {@code null} as {@code null}.
 * </ul>
 *
 * <p>The encoding is deterministic, so the same values always give the same bytes: {@link ContentChecksum} relies on it.
 *
 * <p>Documents: with a {@link DocumentCodec} a DOCUMENT value is written from the {@code Map} a session gives and read
 * back as the {@code Map} a session takes. Without one (reading a backup's file with no backend at hand:
 * {@code BackupStore.records}, checking a file against its own checksum) a DOCUMENT value is read as its JSON text, and
 * that text is written again as it is; a {@code Map} then cannot be written.
 */
final class RowCodec {

    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(10_000)
                    .maxNestingDepth(2_000)
                    .build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** Numbers in JSON values keep every digit and their scale ({@code 1.50} stays {@code 1.50}). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Fails on a repeated key, where the tree (which keeps the last value) and a streamed copy would differ. */
    private static final JsonFactory STRICT = JSON.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final List<ColumnInfo> columns;
    private final DocumentCodec documents;
    // Reused for every JSON value: a codec is confined to one thread (one table file or one comparison).
    private final StringWriter scratch = new StringWriter(256);
    private final StringBuilder fast = new StringBuilder(256);
    private JsonGenerator scratchGenerator;

    public RowCodec(List<ColumnInfo> columns) {
        this(columns, null);
    }

    /** @param documents the backend's codec for DOCUMENT values, or {@code null} to keep them as JSON text */
    public RowCodec(List<ColumnInfo> columns, DocumentCodec documents) {
        this.columns = List.copyOf(columns);
        this.documents = documents;
        this.scratchGenerator = newScratchGenerator();
    }

    private JsonGenerator newScratchGenerator() {
        try {
            // No separator between the values it writes one after another: each is taken alone.
            return JSON.createGenerator(scratch).setRootValueSeparator(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<ColumnInfo> columns() {
        return columns;
    }

    /** Writes one row as a JSON array (no line break). */
    public void write(JsonGenerator g, Object[] row) throws IOException {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("A row has " + row.length + " values; the table has " + columns.size() + " columns.");
        }
        g.writeStartArray();
        for (int i = 0; i < row.length; i++) {
            ColumnInfo c = columns.get(i);
            writeValue(g, c.kind(), c.elementKind(), row[i], c.name());
        }
        g.writeEndArray();
    }

    private void writeValue(JsonGenerator g, ValueKind kind, ValueKind elementKind, Object v, String column) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        try {
            switch (kind) {
                case INTEGER -> {
                    if (v instanceof java.math.BigInteger big) {
                        g.writeNumber(big);
                    } else {
                        g.writeNumber(((Number) v).longValue());
                    }
                }
                case FLOAT -> {
                    double d = ((Number) v).doubleValue();
                    if (Double.isFinite(d)) {
                        g.writeNumber(d);
                    } else {
                        g.writeString(Double.toString(d));
                    }
                }
                case DECIMAL -> g.writeString(((BigDecimal) v).toPlainString());
                case BOOLEAN -> g.writeBoolean((Boolean) v);
                case BINARY -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
                case DATE, TIME, TIMESTAMP -> g.writeString(v.toString());
                case TIMESTAMP_TZ -> g.writeString(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toString());
                // Re-serialised compactly: a value's own line breaks must not split the row's line, and both sides
                // of a comparison see the same text. (PostgreSQL json keeps its whitespace and duplicate keys; these
                // are normalised, jsonb and documents lose nothing.)
                case JSON -> writeJson(g, (String) v);
                case DOCUMENT -> writeJson(g, documentText(v, column));
                case ARRAY -> {
                    g.writeStartArray();
                    for (Object e : (List<?>) v) {
                        writeValue(g, elementKind, null, e, column);
                    }
                    g.writeEndArray();
                }
                case STRING, UUID, OTHER -> g.writeString(v.toString());
            }
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("Column " + column + " of kind " + kind + " got a " + v.getClass().getName()
                    + " value; the backend must give the kind's Java type.", e);
        }
    }

    /**
     * Writes JSON text compactly: the same bytes as parsing it into a tree with exact numbers and writing the tree, but
     * streamed (a tree per value cost more than the rest of the row), and for most text without Jackson at all
     * ({@link CompactJson}). Text with a repeated key, or that is not JSON,
     * takes the tree path itself, so that both give the same bytes and the same errors.
     */
    void writeJson(JsonGenerator g, String text) throws IOException {
        fast.setLength(0);
        if (CompactJson.compact(text, fast)) {
            g.writeRawValue(fast.toString());
            return;
        }
        String compact;
        try (JsonParser p = STRICT.createParser(text)) {
            scratch.getBuffer().setLength(0);
            if (p.nextToken() == null) {
                throw new IOException("empty JSON value");
            }
            scratchGenerator.copyCurrentStructureExact(p);
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            scratchGenerator.flush();
            compact = scratch.toString();
        } catch (IOException | RuntimeException e) {
            resetScratch();
            g.writeTree(MAPPER.readTree(text));
            return;
        }
        g.writeRawValue(compact);
    }

    /** A generator left inside an unfinished value cannot be reused: a fresh one. */
    private void resetScratch() {
        scratchGenerator = newScratchGenerator();
        scratch.getBuffer().setLength(0);
    }

    /**
     * Reads the next row; {@code null} at the end of the input.
     *
     * @throws IOException when the input is not a row of these columns
     */
    public Object[] read(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new IOException("expected a row (a JSON array) at line " + p.currentLocation().getLineNr() + ", found " + t);
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            ColumnInfo c = columns.get(i);
            if (p.nextToken() == JsonToken.END_ARRAY) {
                throw new IOException("a row at line " + p.currentLocation().getLineNr() + " has " + i + " values; expected "
                        + row.length);
            }
            row[i] = readValue(p, c.kind(), c.elementKind());
        }
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new IOException("a row at line " + p.currentLocation().getLineNr() + " has more than " + row.length + " values");
        }
        return row;
    }

    private Object readValue(JsonParser p, ValueKind kind, ValueKind elementKind) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case FLOAT -> t == JsonToken.VALUE_STRING ? Double.valueOf(p.getText()) : (Object) p.getDoubleValue();
            case DECIMAL -> decimal(p);
            case BOOLEAN -> p.getBooleanValue();
            case BINARY -> Base64.getDecoder().decode(p.getText());
            case DATE -> LocalDate.parse(p.getText());
            case TIME -> LocalTime.parse(p.getText());
            case TIMESTAMP -> LocalDateTime.parse(p.getText());
            case TIMESTAMP_TZ -> timestampTz(p.getText());
            case UUID -> java.util.UUID.fromString(p.getText());
            case JSON -> copyJson(p);
            case DOCUMENT -> documents == null ? copyJson(p) : documents.fromJson(copyJson(p));
            case ARRAY -> {
                if (t != JsonToken.START_ARRAY) {
                    throw new IOException("expected an array at line " + p.currentLocation().getLineNr());
                }
                List<Object> values = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(readValue(p, elementKind, null));
                }
                yield values;
            }
            case STRING, OTHER -> p.getText();
        };
    }

    /** The JSON value at the parser, as text: streamed, not through a tree (backups hold it compact, without repeated keys). */
    private String copyJson(JsonParser p) throws IOException {
        scratch.getBuffer().setLength(0);
        scratchGenerator.copyCurrentStructureExact(p);
        scratchGenerator.flush();
        return scratch.toString();
    }

    /** A DOCUMENT value's JSON text: a session's {@code Map} through the codec, or text read from a backup as it is. */
    private String documentText(Object v, String column) {
        if (v instanceof String text) {
            return text;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new ClassCastException(v.getClass().getName());
        }
        if (documents == null) {
            throw new ConfigurationException("Column " + column + " holds documents (ValueKind.DOCUMENT), but its backend "
                    + "offers no DocumentCodec (Backend.documents()) to write them as JSON; a backend whose tables have "
                    + "DOCUMENT columns must offer one.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) map;
        return documents.toJson(document);
    }

    /**
     * A DECIMAL as {@link #write} writes it: plain digits. An exponent means an edited file, and one such as
     * {@code 1e1000000000} would expand to a gigabyte of digits when the row is encoded again (verify, restore).
     */
    private static BigDecimal decimal(JsonParser p) throws IOException {
        String text = p.getText();
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw new IOException("a DECIMAL value at line " + p.currentLocation().getLineNr() + " is '"
                    + (text.length() <= 40 ? text : text.substring(0, 37) + "...")
                    + "', with an exponent; a backup writes decimals as plain digits such as 12.50");
        }
        return new BigDecimal(text);
    }

    /**
     * A TIMESTAMP_TZ as {@link #write} writes it ({@code OffsetDateTime.toString()} in UTC, e.g.
     * {@code 2026-12-07T10:02:30.123456Z}) read without {@code DateTimeFormatter}, which cost half of a restore's decoding;
     * any other form (another offset, a year past 9999, an edited file) takes {@link OffsetDateTime#parse}, so both
     * accept and refuse the same text and give equal values.
     */
    static OffsetDateTime timestampTz(String text) {
        int n = text.length();
        boolean canonical = (n == 17 || n == 20 || n == 24 || n == 27 || n == 30)
                && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
                && text.charAt(n - 1) == 'Z' && (n == 17 || text.charAt(16) == ':') && (n <= 20 || text.charAt(19) == '.');
        if (!canonical) {
            return OffsetDateTime.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = n == 17 ? 0 : digits(text, 17, 19);
        int nano = 0;
        if (n > 20) {
            nano = digits(text, 20, n - 1);
            for (int i = n - 21; i < 9; i++) {
                nano *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || nano < 0) {
            return OffsetDateTime.parse(text); // not digits where digits belong: its own error
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return OffsetDateTime.parse(text); // out of range (month 13, February 30): its own error
        }
    }

    /** The number in {@code text[from, to)} of ASCII digits, or -1 when another character is there. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** The Java value of a kind, from a value of any reasonable type (for values given by callers). */
    static UUID uuid(Object v) {
        return v instanceof UUID u ? u : UUID.fromString(v.toString());
    }
}
