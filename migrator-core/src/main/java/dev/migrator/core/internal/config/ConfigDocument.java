package dev.migrator.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.EnvironmentValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A configuration file's text as a JSON tree: bounded in size, strict UTF-8, every {@code ${...}} expression checked
 * with its line and column. What the values mean is {@link ConfigFile}'s business.
 */
final class ConfigDocument {

    private final Path file;
    private final long maxBytes;

    ConfigDocument(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The document's root object, or {@code null} for an empty document. */
    JsonNode root() {
        String text = boundedText();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        // Any name but .json is YAML, which reads JSON too: the command-line tool has always read files so.
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            checkTokens(mapper, text);
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return null;
            }
            if (!root.isObject()) {
                throw new ConfigurationException("Configuration file " + file + " must hold an object with keys such as "
                        + "connections and locations; it holds " + root.getNodeType() + ".");
            }
            return root;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigurationException("Configuration file " + file + " is malformed at line "
                    + (loc == null ? "?" : loc.getLineNr()) + ", column " + (loc == null ? "?" : loc.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's text, at most {@link ConfigFile#MAX_BYTES} of it. The size is checked before reading: parsers read the whole
     * document into memory first (a 108 MB YAML file took 147 MB of heap before SnakeYAML refused it), and JSON had no
     * limit at all. The read itself is bounded too, for a file that grows after its size was checked.
     */
    private String boundedText() {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(Files.exists(file)
                    ? "Configuration file " + file.toAbsolutePath() + " is not a regular file (a folder, pipe or device). "
                            + "Give the path of a .yaml, .yml or .json file to configFile(...)."
                    : "Configuration file " + file.toAbsolutePath() + " does not exist. "
                            + "Create it or fix the path given to configFile(...).");
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw new ConfigurationException("Configuration file " + file + " grew past " + maxBytes + " bytes, the "
                        + "limit for a configuration file, while it was being read; it was not used. Check what writes it.");
            }
            return utf8(bytes);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Strict, as Files.readString was: a file that is not UTF-8 is refused rather than read with U+FFFD in it. */
    private String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            throw new ConfigurationException("Configuration file " + file + " is not UTF-8 text: byte " + in.position()
                    + " starts no UTF-8 character. Save the file as UTF-8.");
        }
        return out.flip().toString();
    }

    private ConfigurationException tooLarge(long size) {
        return new ConfigurationException("Configuration file " + file + " is " + size + " bytes; a configuration file "
                + "may hold at most " + maxBytes + " bytes" + (maxBytes == ConfigFile.MAX_BYTES ? " (1 MiB)" : "") + ". Nothing was "
                + "read. Check that it is the file you meant: connections and settings belong there, data does not.");
    }

    /**
     * Checks what the tree forgets, while the parser still knows where each value is: every text value's {@code ${...}}
     * expressions, so that a malformed one is reported with its line (expansion happens later, option by option), and
     * every key given twice in one object, which the tree would keep silently as its last value.
     */
    private void checkTokens(ObjectMapper mapper, String text) throws IOException {
        // The keys of each open object, with the line each was given on.
        Deque<Map<String, Integer>> keys = new ArrayDeque<>();
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    keys.push(new HashMap<>());
                } else if (token == JsonToken.END_OBJECT) {
                    keys.pop();
                } else if (token == JsonToken.FIELD_NAME) {
                    checkOnce(parser, keys.peek());
                }
                if (token != JsonToken.VALUE_STRING) {
                    continue;
                }
                String value = parser.getText();
                if (value.indexOf("${") < 0) {
                    continue;
                }
                try {
                    EnvironmentValues.check(value);
                } catch (ConfigurationException e) {
                    JsonLocation at = parser.currentTokenLocation();
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    String option = pointer.isEmpty() ? "top level" : pointer.substring(1).replace('/', '.');
                    if (EnvironmentValues.isSecret(option)) {
                        // Neither the message nor a cause may carry the value.
                        throw new ConfigurationException("Configuration file " + file + ", line " + at.getLineNr()
                                + ", column " + at.getColumnNr() + " (" + option + "): " + EnvironmentValues.secretProblem());
                    }
                    throw new ConfigurationException("Configuration file " + file + ", line " + at.getLineNr()
                            + ", column " + at.getColumnNr() + " (" + option + "): " + e.getMessage(), e);
                }
            }
        }
    }

    /** Refuses a key its object already has: the last value would win silently, whichever one was meant. */
    private void checkOnce(JsonParser parser, Map<String, Integer> objectKeys) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        Integer first = objectKeys.putIfAbsent(parser.currentName(), line);
        if (first != null) {
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            throw new ConfigurationException("Configuration file " + file + ": " + pointer.substring(1).replace('/', '.')
                    + " is set twice, on line " + first + " and on line " + line + "; only one value can hold. Keep the one"
                    + " you mean and delete the other.");
        }
    }
}
