package dev.migrator.core.internal.metadata;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes item bodies. Values come back exact and in file order: integers as {@code Long} (or
 * {@code BigInteger} when too large), other numbers as {@code BigDecimal} as written, objects as {@code LinkedHashMap},
 * arrays as {@code ArrayList}. Duplicate keys, trailing content and a top level that is not an object are malformed.
 * Immutable and thread-safe.
 */
final class MetadataFileCodec {

    // Jackson's own positions inside messages ("[Source: REDACTED (...); line: 1, column: 1]"), said plainly.
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final ObjectMapper yaml = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // Two-space indent, "key": value, arrays one value a line, keys in the order given: diffs stay small and stable.
    private final ObjectWriter prettyJson = json.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** A file that is not a JSON or YAML object: where and why. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        final String location;

        MalformedException(String location, String message) {
            super(message);
            this.location = location;
        }
    }

    /**
     * Parses a file's content into a body.
     *
     * @throws MalformedException with {@code line L, column C} when it is not one JSON or YAML object
     */
    Map<String, Object> read(byte[] content, MetadataFile.Format format) throws MalformedException {
        ObjectMapper mapper = format.yaml() ? yaml : json;
        String what = format.yaml() ? "YAML" : "JSON";
        try (JsonParser p = mapper.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedException("line 1, column 1", "the file is empty; it must hold a " + what
                        + " object such as {\"label\": \"Account\"}");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedException(location(p.currentTokenLocation()), "it must hold a " + what
                        + " object such as {\"label\": \"Account\"}; it holds " + describe(first));
            }
            JsonNode node = mapper.readTree(p);
            JsonToken next = p.nextToken();
            if (next != null) {
                throw new MalformedException(location(p.currentTokenLocation()), "more content follows the object ("
                        + describe(next) + "); a file holds one item");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) value(node);
            return body;
        } catch (JsonProcessingException e) {
            throw new MalformedException(location(e.getLocation()), "malformed " + what + ": " + SOURCE.matcher(
                    String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2"));
        } catch (IOException e) {
            throw new MalformedException(null, "unreadable " + what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a YAML number Jackson cannot turn into a BigDecimal (.inf, .nan)
            throw new MalformedException(null, "malformed " + what + ": " + e.getMessage());
        }
    }

    /**
     * Writes a body: JSON pretty-printed with a trailing newline, or YAML.
     *
     * @throws JsonProcessingException when a value cannot be written
     */
    byte[] write(Map<String, Object> body, MetadataFile.Format format) throws JsonProcessingException {
        if (format.yaml()) {
            return yaml.writeValueAsBytes(body);
        }
        String text = prettyJson.writeValueAsString(body);
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Object value(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                m.put(e.getKey(), value(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(value(x)));
            return l;
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            BigInteger b = n.bigIntegerValue();
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return n.asText();
    }

    private static String location(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? null : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
