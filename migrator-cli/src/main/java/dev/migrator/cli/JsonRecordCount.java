package dev.migrator.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How many records a JSON file source holds, counted the way the library reads the file (NDJSON lines, an array, or a
 * {@code localStorage} export of one key per type), without keeping any of them: the library's progress events have no
 * total for such a file, and a long import deserves a percent and an ETA. Only for display: a file that changes or
 * cannot be parsed gives no count ({@link OptionalLong#empty()}), never an error.
 */
final class JsonRecordCount {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonRecordCount() {}

    /** The record count of {@code file} read with record type {@code type} ({@code null}: none given). */
    static OptionalLong of(Path file, String type) {
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
                return OptionalLong.of(lines(file));
            }
            try (JsonParser p = JSON.createParser(file.toFile())) {
                JsonToken first = p.nextToken();
                if (first == null) {
                    return OptionalLong.of(0);
                }
                if (first == JsonToken.START_ARRAY) {
                    return OptionalLong.of(elements(p));
                }
                if (first != JsonToken.START_OBJECT) {
                    return OptionalLong.empty();
                }
                p.skipChildren();
                if (type != null && p.nextToken() != null) {
                    return OptionalLong.of(lines(file)); // a second top-level value: one object per line
                }
            }
            try (JsonParser p = JSON.createParser(file.toFile())) {
                p.nextToken();
                return OptionalLong.of(keys(p));
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Non-blank lines. */
    private static long lines(Path file) throws IOException {
        long count = 0;
        boolean blank = true;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    count += blank ? 0 : 1;
                    blank = true;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
            }
        }
        return count + (blank ? 0 : 1);
    }

    /** The values of the array whose start the parser is on. */
    private static long elements(JsonParser p) throws IOException {
        long count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            count++;
        }
        return count;
    }

    /** A localStorage export: per key an array (a record each), an object (one), JSON in a string, null (none). */
    private static long keys(JsonParser p) throws IOException {
        long count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_ARRAY) {
                count += elements(p);
            } else if (value == JsonToken.VALUE_STRING) {
                count += embedded(p.getText());
            } else if (value != JsonToken.VALUE_NULL) {
                p.skipChildren();
                count++;
            }
        }
        return count;
    }

    /** A string value: JSON as localStorage stores it, or a plain value (one record). */
    private static long embedded(String text) {
        try (JsonParser inner = JSON.createParser(text)) {
            JsonToken first = inner.nextToken();
            if (first == JsonToken.START_ARRAY) {
                return elements(inner);
            }
            return first == JsonToken.VALUE_NULL ? 0 : 1;
        } catch (IOException e) {
            return 1;
        }
    }
}
