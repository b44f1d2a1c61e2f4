package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * {@code null}, objects as {@code LinkedHashMap} in field order, arrays as {@code ArrayList}.
 *
 * <p>Malformed input throws {@link DataMigrationException} with {@link ErrorCode#DATA_SOURCE_INVALID}, naming the file,
 * line and column and what was expected. A reader is confined to one thread; it owns its file and {@link #close()}
 * closes it.
 */
public final class JsonRecordReader implements Closeable {

    /** The field of the one record made of a key's value that is neither an object nor an array. */
    static final String VALUE_FIELD = "value";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    // localStorage keeps whole collections as one string value.
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(10_000)
                    .maxNestingDepth(2_000)
                    .build())
            .build();

    private static final Pattern JACKSON_LOCATION =
            Pattern.compile("\\s*\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

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
    // The first token of a lines file, read when the layout was chosen.
    private JsonToken pending;

    // Keys layout: the key being read, and the array of records being read for it (on the file's parser, or on
    // `embedded` when the key's value is a string holding JSON).
    private String keyType;
    private JsonParser arrayParser;
    private JsonParser embedded;
    private JsonLocation embeddedAt;

    private JsonRecordReader(Path file, String type, JsonParser parser, Layout layout) {
        this.file = file;
        this.fileName = String.valueOf(file.getFileName());
        this.type = type;
        this.parser = parser;
        this.layout = layout;
        this.finished = layout == Layout.EMPTY;
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
        JsonParser parser = openParser(file);
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
                layout = type != null && secondValueFollows(file) ? Layout.LINES : Layout.KEYS;
            } else {
                throw new DataMigrationException(
                        ErrorCode.DATA_SOURCE_INVALID,
                        where(name, parser.currentTokenLocation())
                                + ": expected '[' (an array of records), '{' (an object of record arrays) or one object"
                                + " per line in a .ndjson file, found " + describe(parser, first)
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
            closeQuietly(parser);
            throw malformed(name, e, parser, null, null);
        } catch (IOException e) {
            closeQuietly(parser);
            throw unreadable(file, e);
        } catch (RuntimeException e) {
            closeQuietly(parser);
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
        closeQuietly(embedded);
        closeQuietly(parser);
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
                    ? malformed(fileName, e, source, keyType, embeddedAt)
                    : malformed(fileName, e, parser, null, null);
        } catch (IOException e) {
            finished = true;
            throw unreadable(file, e);
        }
        if (record == null) {
            finished = true;
        } else {
            position++;
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
                    return valueRecord(readValue(parser, t), build);
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
        embedded = JSON.createParser(text);
        embeddedAt = at;
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
        closeQuietly(embedded);
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
        return DataRecord.of(recordType, readObject(p));
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            map.put(name, readValue(p, p.nextToken()));
        }
        return map;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, e));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue()
                    : (Object) p.getLongValue();
            // Decimals come from their text, so every digit and the scale are kept.
            case VALUE_NUMBER_FLOAT -> decimal(p);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected token " + t + " at " + p.currentTokenLocation());
        };
    }

    /** A decimal; one whose exponent is beyond a BigDecimal's (1e3000000000) is malformed JSON at its place. */
    private static BigDecimal decimal(JsonParser p) throws IOException {
        try {
            return p.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new JsonParseException(p, "the number " + shorten(p.getText()) + " is out of range: its exponent is "
                    + "beyond what a decimal holds", e);
        }
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
                            + describe(p, t) + "." + hint + " Fix the file and run again.");
        }
    }

    private DataMigrationException notAnObject(JsonParser p, JsonToken t, String recordType, String layoutName)
            throws IOException {
        return invalid(
                p,
                "expected an object (a record of type '" + recordType + "') in " + layoutName + ", found "
                        + describe(p, t) + ". Fix the file and run again.");
    }

    private DataMigrationException invalid(JsonParser p, String problem) {
        String place = p == embedded
                ? where(fileName, embeddedAt) + " (the JSON text in the string of key '" + keyType + "', "
                        + lineColumn(p.currentTokenLocation()) + ")"
                : where(fileName, p.currentTokenLocation());
        return new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, place + ": " + problem, null, null);
    }

    private static DataMigrationException malformed(
            String fileName, JsonProcessingException e, JsonParser failing, String key, JsonLocation stringAt) {
        String problem = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        // Jackson puts "[Source: ...; line: 1, column: 2]" inside some messages; say it plainly instead.
        Matcher m = JACKSON_LOCATION.matcher(problem);
        problem = m.replaceAll(" line $1, column $2");
        // Exceeded limits (StreamConstraintsException) carry no location: the parser's is where it stopped.
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : failing.currentLocation();
        String place = key == null
                ? where(fileName, loc)
                : where(fileName, stringAt) + " (the JSON text in the string of key '" + key + "', "
                        + lineColumn(loc) + ")";
        return new DataMigrationException(
                ErrorCode.DATA_SOURCE_INVALID,
                place + ": malformed JSON: " + problem + ". Fix the file and run again.",
                null,
                e);
    }

    private static DataMigrationException unreadable(Path file, IOException e) {
        return new DataMigrationException(
                ErrorCode.DATA_SOURCE_INVALID,
                "Cannot read the JSON file " + file.toAbsolutePath() + ": " + e
                        + ". Check the path and its permissions and run again.",
                null,
                e);
    }

    private static JsonParser openParser(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataMigrationException(
                    ErrorCode.DATA_SOURCE_INVALID,
                    "The JSON file " + file.toAbsolutePath() + (Files.exists(file) ? " is not a file" : " does not exist")
                            + ". Check the path given to RecordSource.jsonFile(...).",
                    null,
                    null);
        }
        InputStream in = null;
        try {
            in = Files.newInputStream(file);
            return JSON.createParser(in);
        } catch (IOException e) {
            closeQuietly(in);
            throw unreadable(file, e);
        }
    }

    /** Whether another top-level value follows the file's first one; passes over it without building it. */
    private static boolean secondValueFollows(Path file) throws IOException {
        try (JsonParser p = openParser(file)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() != null;
        } catch (JsonProcessingException e) {
            // Malformed JSON is reported, with its place, by the pass that reads records.
            return false;
        }
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT -> "'}'";
            case END_ARRAY -> "']'";
            case FIELD_NAME -> "the key \"" + shorten(p.currentName()) + "\"";
            case VALUE_STRING -> "the string \"" + shorten(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(p.getText());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String where(String fileName, JsonLocation loc) {
        return fileName + " " + lineColumn(loc);
    }

    private static String lineColumn(JsonLocation loc) {
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String withoutExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to read from it
            }
        }
    }
}
