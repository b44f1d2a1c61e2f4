package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jackson parsers for record files, with the limits such files need: opened only on regular files, and on the JSON text
 * that a {@code localStorage} export keeps in a string.
 */
final class JsonParsers {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    // localStorage keeps whole collections as one string value.
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(10_000)
                    .maxNestingDepth(2_000)
                    .build())
            .build();

    private JsonParsers() {}

    /** A parser over a regular file; the caller closes it. */
    static JsonParser open(Path file) {
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
            throw JsonProblems.unreadable(file, e);
        }
    }

    /** A parser over JSON text held in a string. */
    static JsonParser of(String text) throws IOException {
        return JSON.createParser(text);
    }

    /** Whether another top-level value follows the file's first one; passes over it without building it. */
    static boolean secondValueFollows(Path file) throws IOException {
        try (JsonParser p = open(file)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() != null;
        } catch (JsonProcessingException e) {
            // Malformed JSON is reported, with its place, by the pass that reads records.
            return false;
        }
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to read from it
            }
        }
    }
}
