package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the records of a JSON file ({@link dev.migrator.api.RecordSource.JsonFile}) with Jackson's streaming parser:
 * only the record being read is in memory, never the file, so a file of any size is read with flat memory.
 *
 * <p>Layouts, chosen when the file is opened:
 *
 * <ul>
 *   <li><b>Lines</b> (NDJSON): files ending {@code .ndjson} or {@code .jsonl}, or a file starting with <code>{</code>
 *       when a type is given and a second top-level value follows the first. One object per line, blank lines
 *       ignored; every record has the given type (or the file name without extension).
 *   <li><b>Array</b>: a file starting with {@code [}, an array of objects; every record has the given type (or the
 *       file name without extension).
 *   <li><b>Keys</b> (a browser {@code localStorage} export): one top-level object; each key is a record type. Its
 *       value is an array of objects (one record each), an object (one record), or a string holding JSON — what
 *       {@code localStorage} stores — parsed and taken the same way. {@code null} gives no record; any other
 *       value (a number, or a string that is not JSON such as {@code "dark"}) gives one record with a single field
 *       {@value #VALUE_FIELD}, so nothing in the export is silently lost. A type given for such a file is not
 *       used.
 * </ul>
 *
 * <p>An empty (or blank) file has no records. Values: strings as {@code String}, integers as {@code Long} (or
 * {@code BigInteger} beyond its range), decimals as exact {@code BigDecimal} ({@code 1.50} keeps its scale), booleans,
 * {@code null}, objects as {@code LinkedHashMap} in field order, arrays as {@code ArrayList} (see {@link JsonValues}).
 *
 * <p>Malformed input throws {@link DataMigrationException} with {@link ErrorCode#DATA_SOURCE_INVALID}, naming the file,
 * line and column and what was expected. A reader is confined to one thread; it owns its file and {@link #close()}
 * closes it.
 */
final class JsonRecordReader implements Closeable {

    /** The field of the one record made of a key's value that is neither an object nor an array. */
    static final String VALUE_FIELD = "value";

    /** Returned by reads that only skip, never to callers. */
    private static final DataRecord SKIPPED = DataRecord.of("skipped", Map.of());

    private enum Layout {
        LINES,
        ARRAY,
        KEYS,
        EMPTY
    }

    private final Path file;
    private final String fileName;
    private final String type;
    private final JsonParser parser;
    private final Layout layout;

    private long position;
    private boolean finished;
    /** The file's size in bytes, or -1 when it cannot be read. */
    private final long size;
    /** {@link #estimatedTotal()}, refreshed as records are read (read by the progress reporting of another thread). */
    private volatile long estimate = -1;
    // The first token of a lines file, read when the layout was chosen.
    private JsonToken pending;

    // Keys layout: the key being read, and the array of records being read for it (on the file's parser, or on
    // `embedded` when the key's value is a string holding JSON).
    private String keyType;
    private JsonParser arrayParser;
    private JsonParser embedded;
    private JsonLocation embeddedAt;
    /** The length in characters of the string {@code embedded} reads. */
    private int embeddedLength;

    private JsonRecordReader(Path file, String type, JsonParser parser, Layout layout) {
        this.file = file;
        this.fileName = String.valueOf(file.getFileName());
        this.type = type;
        this.parser = parser;
        this.layout = layout;
        this.finished = layout == Layout.EMPTY;
        this.size = sizeOf(file);
        if (finished) {
            estimate = 0;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Opens a file and finds its layout (see the class description).
     *
     * @param type the records' type for an array or NDJSON file; {@code null} for the file's name without extension
     * @throws DataMigrationException {@link ErrorCode#DATA_SOURCE_INVALID} when the file is missing, unreadable, or
     *     does not start with an object or an array
     */
    public static JsonRecordReader open(Path file, String type) {
        String name = String.valueOf(file.getFileName());
        String recordType = type != null ? type : withoutExtension(name);
        String lower = name.toLowerCase(Locale.ROOT);
        boolean lines = lower.endsWith(".ndjson") || lower.endsWith(".jsonl");
        JsonParser parser = JsonParsers.open(file);
        try {
            JsonToken first = parser.nextToken();
            Layout layout;
            if (first == null) {
                layout = Layout.EMPTY;
            } else if (lines) {
                layout = Layout.LINES;
            } else if (first == JsonToken.START_ARRAY) {
                layout = Layout.ARRAY;
            } else if (first == JsonToken.START_OBJECT) {
                layout = type != null && JsonParsers.secondValueFollows(file) ? Layout.LINES : Layout.KEYS;
            } else {
                throw new DataMigrationException(
                        ErrorCode.DATA_SOURCE_INVALID,
                        JsonProblems.where(name, parser.currentTokenLocation())
                                + ": expected '[' (an array of records), '{' (an object of record arrays) or one object"
                                + " per line in a .ndjson file, found " + JsonProblems.describe(parser, first)
                                + ". Fix the file and run again.",
                        null,
                        null);
            }
            JsonRecordReader reader = new JsonRecordReader(file, recordType, parser, layout);
            if (layout == Layout.LINES) {
                reader.pending = first;
            }
            return reader;
        } catch (JsonProcessingException e) {
            JsonParsers.closeQuietly(parser);
            throw JsonProblems.malformed(name, e, parser, null, null);
        } catch (IOException e) {
            JsonParsers.closeQuietly(parser);
            throw JsonProblems.unreadable(file, e);
        } catch (RuntimeException e) {
            JsonParsers.closeQuietly(parser);
            throw e;
        }
    }

    /**
     * The next record, or {@code null} at the end of the file.
     *
     * @throws DataMigrationException {@link ErrorCode#DATA_SOURCE_INVALID} for malformed JSON or a value that is not
     *     an object where a record is expected; the records returned before it are sound
     */
    public DataRecord next() {
        return read(true);
    }

    /**
     * The records the file holds, estimated from how far into it the records read so far reach (the file's size over
     * the bytes read, times the records read; refreshed every {@value #ESTIMATE_EVERY} records): the total a progress
     * bar shows where counting would mean reading the file twice. Exact once the end is reached; -1 before the first
     * record. Safe to call from another thread.
     */
    public long estimatedTotal() {
        return estimate;
    }

    private static final int ESTIMATE_EVERY = 256;

    private void estimate() {
        long read = parser.currentLocation().getByteOffset();
        if (embedded != null && embeddedAt != null && embeddedLength > 0) {
            // The outer parser has read the whole string already: count its bytes as far as the records inside reach.
            long start = Math.max(0, embeddedAt.getByteOffset());
            double inside = Math.min(1.0, (double) embedded.currentLocation().getCharOffset() / embeddedLength);
            read = start + Math.round((read - start) * inside);
        }
        if (read > 0 && size > 0) {
            estimate = Math.max(position, Math.round((double) position * size / read));
        }
    }

    /** How many records were returned (or skipped) so far: the 0-based position of the next record. */
    public long position() {
        return position;
    }

    /**
     * Passes over records without building them, to resume after the records already written; stops early at the
     * end of the file.
     *
     * @throws IllegalArgumentException when n is negative
     * @throws DataMigrationException as {@link #next()}
     */
    public void skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip count must be 0 or more, got " + n);
        }
        for (long i = 0; i < n && read(false) != null; i++) {
            // read(false) passes over one record
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        JsonParsers.closeQuietly(embedded);
        JsonParsers.closeQuietly(parser);
        finished = true;
    }

    private DataRecord read(boolean build) {
        if (finished) {
            return null;
        }
        DataRecord record;
        try {
            record = switch (layout) {
                case LINES -> nextLine(build);
                case ARRAY -> nextInArray(parser, type, build);
                case KEYS -> nextInKeys(build);
                case EMPTY -> null;
            };
        } catch (JsonProcessingException e) {
            finished = true;
            // A limit's exception (nesting, number length) names no parser: while a string's JSON is open, it is
            // the one being read.
            JsonParser source = embedded;
            throw source != null && (e.getProcessor() == source || e.getProcessor() == null)
                    ? JsonProblems.malformed(fileName, e, source, keyType, embeddedAt)
                    : JsonProblems.malformed(fileName, e, parser, null, null);
        } catch (IOException e) {
            finished = true;
            throw JsonProblems.unreadable(file, e);
        }
        if (record == null) {
            finished = true;
            estimate = position;
        } else {
            position++;
            if (position == 1 || position % ESTIMATE_EVERY == 0) {
                estimate();
            }
        }
        return record;
    }

    private DataRecord nextLine(boolean build) throws IOException {
        JsonToken t = pending != null ? pending : parser.nextToken();
        pending = null;
        if (t == null) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw notAnObject(parser, t, type, "one object per line");
        }
        return record(parser, type, build);
    }

    /** The next record of an array whose '[' was read; {@code null} after its ']'. */
    private DataRecord nextInArray(JsonParser p, String recordType, boolean build) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            return record(p, recordType, build);
        }
        if (t == JsonToken.END_ARRAY) {
            if (layout == Layout.ARRAY) {
                expectEnd(p, "after the array's closing ']'");
            }
            return null;
        }
        throw notAnObject(p, t, recordType, "an array of objects");
    }

    private DataRecord nextInKeys(boolean build) throws IOException {
        while (true) {
            if (arrayParser != null) {
                DataRecord r = nextInArray(arrayParser, keyType, build);
                if (r != null) {
                    return r;
                }
                if (arrayParser == embedded) {
                    expectEnd(embedded, "after the array in the string");
                    closeEmbedded();
                }
                arrayParser = null;
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                expectEnd(parser, "after the top-level object's closing '}'");
                return null;
            }
            // The parser itself rejects anything but a field name or '}' inside an object.
            keyType = parser.currentName();
            t = parser.nextToken();
            switch (t) {
                case START_ARRAY -> arrayParser = parser;
                case START_OBJECT -> {
                    return record(parser, keyType, build);
                }
                case VALUE_NULL -> {
                    // nothing stored under this key
                }
                case VALUE_STRING -> {
                    DataRecord r = fromString(build);
                    if (r != null) {
                        return r;
                    }
                }
                default -> {
                    return valueRecord(JsonValues.readValue(parser, t), build);
                }
            }
        }
    }

    /** A key's string value: JSON text when it starts with '[' or '{', else a plain string. */
    private DataRecord fromString(boolean build) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        String text = parser.getText();
        String trimmed = text.strip();
        if (!(trimmed.startsWith("[") || trimmed.startsWith("{"))) {
            return valueRecord(text, build);
        }
        embedded = JsonParsers.of(text);
        embeddedAt = at;
        embeddedLength = text.length();
        JsonToken t = embedded.nextToken();
        if (t == JsonToken.START_ARRAY) {
            arrayParser = embedded;
            return null;
        }
        DataRecord r = record(embedded, keyType, build);
        expectEnd(embedded, "after the object in the string");
        closeEmbedded();
        return r;
    }

    private void closeEmbedded() {
        JsonParsers.closeQuietly(embedded);
        embedded = null;
        embeddedAt = null;
    }

    private DataRecord valueRecord(Object value, boolean build) {
        if (!build) {
            return SKIPPED;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(VALUE_FIELD, value);
        return DataRecord.of(keyType, fields);
    }

    /** The record of an object whose '{' is the current token. */
    private static DataRecord record(JsonParser p, String recordType, boolean build) throws IOException {
        if (!build) {
            p.skipChildren();
            return SKIPPED;
        }
        return DataRecord.of(recordType, JsonValues.readObject(p));
    }

    private void expectEnd(JsonParser p, String after) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            String hint = p == parser && layout == Layout.KEYS
                    ? " For one object per line, name the file .ndjson or .jsonl, or give the records' type."
                    : "";
            throw invalid(
                    p,
                    "expected the end of the " + (p == parser ? "file" : "string") + " " + after + ", found "
                            + JsonProblems.describe(p, t) + "." + hint + " Fix the file and run again.");
        }
    }

    private DataMigrationException notAnObject(JsonParser p, JsonToken t, String recordType, String layoutName)
            throws IOException {
        return invalid(
                p,
                "expected an object (a record of type '" + recordType + "') in " + layoutName + ", found "
                        + JsonProblems.describe(p, t) + ". Fix the file and run again.");
    }

    private DataMigrationException invalid(JsonParser p, String problem) {
        String place = p == embedded
                ? JsonProblems.where(fileName, embeddedAt) + " (the JSON text in the string of key '" + keyType + "', "
                        + JsonProblems.lineColumn(p.currentTokenLocation()) + ")"
                : JsonProblems.where(fileName, p.currentTokenLocation());
        return new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, place + ": " + problem, null, null);
    }

    private static String withoutExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
