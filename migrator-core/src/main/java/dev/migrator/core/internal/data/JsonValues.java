package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON file's values as record values, read from a streaming parser: strings as {@code String}, integers as
 * {@code Long} (or {@code BigInteger} beyond its range), decimals as exact {@code BigDecimal} ({@code 1.50} keeps its
 * scale), booleans, {@code null}, objects as {@code LinkedHashMap} in field order, arrays as {@code ArrayList}.
 */
final class JsonValues {

    private JsonValues() {}

    /** The object whose '{' is the parser's current token, read up to its '}'. */
    static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            map.put(name, readValue(p, p.nextToken()));
        }
        return map;
    }

    /** The value that starts at token {@code t}, read to its end. */
    static Object readValue(JsonParser p, JsonToken t) throws IOException {
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
            throw new JsonParseException(p, "the number " + JsonProblems.shorten(p.getText())
                    + " is out of range: its exponent is beyond what a decimal holds", e);
        }
    }
}
