package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a JSON file's problems are told: the file, line and column, what was found (shortened), what to do; Jackson's
 * own wording of a place ("[Source: ...; line: 1, column: 2]") said plainly instead.
 */
final class JsonProblems {

    private static final Pattern JACKSON_LOCATION =
            Pattern.compile("\\s*\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private JsonProblems() {}

    /**
     * Malformed JSON, or a parser limit exceeded.
     *
     * @param key the key whose string holds the JSON text being read, or {@code null} for the file's own JSON
     * @param stringAt where that string starts in the file
     */
    static DataMigrationException malformed(
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

    static DataMigrationException unreadable(Path file, IOException e) {
        return new DataMigrationException(
                ErrorCode.DATA_SOURCE_INVALID,
                "Cannot read the JSON file " + file.toAbsolutePath() + ": " + e
                        + ". Check the path and its permissions and run again.",
                null,
                e);
    }

    /** The token {@code t} as a message names it: "an object", "the string \"dark\""... */
    static String describe(JsonParser p, JsonToken t) throws IOException {
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

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static String where(String fileName, JsonLocation loc) {
        return fileName + " " + lineColumn(loc);
    }

    static String lineColumn(JsonLocation loc) {
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
