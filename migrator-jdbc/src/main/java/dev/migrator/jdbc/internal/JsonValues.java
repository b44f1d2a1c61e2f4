package dev.migrator.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from the plain Java values of a metadata body: {@code Map} (keys in the text's order), {@code List},
 * {@code String}, {@code Long} (integers; larger ones as {@code BigDecimal}), {@code BigDecimal}, {@code Boolean},
 * {@code null}. Read values are unmodifiable. Thread-safe.
 */
final class JsonValues {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonValues() {}

    /**
     * Writes a value as compact JSON. Objects other than JSON values are written as their {@code toString()}, as
     * {@link dev.migrator.api.MetadataItem#checksumOf} reads them.
     *
     * @throws IllegalArgumentException for NaN or an infinite number, which JSON cannot hold
     */
    static String write(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, "$");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON to a string", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v, String path) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                g.writeFieldName(key);
                write(g, e.getValue(), path + "." + key);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            int i = 0;
            for (Object x : it) {
                write(g, x, path + "[" + i++ + "]");
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("the number at " + path + " is " + v
                        + ", which JSON cannot hold; use a finite number or a string");
            }
            g.writeNumber(new BigDecimal(v.toString()));
        } else if (v instanceof Number n) {
            try {
                g.writeNumber(new BigDecimal(n.toString()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the number at " + path + " is " + n
                        + ", which JSON cannot hold; use a finite number or a string", e);
            }
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * Reads JSON text.
     *
     * @throws IOException when it is not valid JSON
     */
    static Object read(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty JSON text");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw new IOException("text after the JSON value at " + p.currentLocation().offsetDescription());
            }
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    list.add(value(p, x));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue())
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t + " at " + p.currentLocation().offsetDescription());
        }
    }
}
