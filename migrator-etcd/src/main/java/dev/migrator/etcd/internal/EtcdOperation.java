package dev.migrator.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One operation of an etcd script, checked: its kind, the key (or prefixes) relative to the schema's prefix, and what
 * it writes. Keys are never absolute and never leave the schema ({@link EtcdKeys#checkRelative}).
 *
 * @param kind the operation
 * @param key the key ({@code put}, {@code putIfAbsent}, {@code compareAndPut}, {@code delete} of one key), the prefix
 *     ({@code delete} of a prefix) or the source prefix ({@code move})
 * @param to the target prefix of a {@code move}, else {@code null}
 * @param value the value written, as stored: a JSON string's text, any other JSON as compact JSON text
 * @param ttlSeconds the lease of a written key, 0 for none
 * @param expectedValue {@code compareAndPut}: the value the key must hold, or {@code null}
 * @param expectedVersion {@code compareAndPut}: the etcd version the key must have (0: absent), or -1
 */
record EtcdOperation(Kind kind, String key, String to, byte[] value, long ttlSeconds, byte[] expectedValue,
        long expectedVersion) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The operations a script may hold, by their {@code op} name. */
    enum Kind {
        PUT("put"),
        DELETE("delete"),
        DELETE_PREFIX("delete"),
        PUT_IF_ABSENT("putIfAbsent"),
        COMPARE_AND_PUT("compareAndPut"),
        MOVE("move");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "put", Set.of("op", "key", "value", "ttl"),
            "delete", Set.of("op", "key", "prefix"),
            "putIfAbsent", Set.of("op", "key", "value", "ttl"),
            "compareAndPut", Set.of("op", "key", "value", "ttl", "expected", "expectedVersion"),
            "move", Set.of("op", "from", "to"));

    /** Bytes the operation adds to a transaction's request, roughly: its keys and values. */
    long size() {
        return key.length() + (to == null ? 0 : to.length()) + (value == null ? 0 : value.length)
                + (expectedValue == null ? 0 : expectedValue.length) + 16;
    }

    /**
     * Reads and checks one operation object.
     *
     * @throws IllegalArgumentException saying what is wrong, in the script's words
     */
    static EtcdOperation of(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("an operation is a JSON object such as {\"op\": \"put\", \"key\": \"a\", "
                    + "\"value\": 1}, found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode op = node.get("op");
        if (op == null || !op.isTextual() || !FIELDS.containsKey(op.asText())) {
            throw new IllegalArgumentException("\"op\" must be one of put, delete, putIfAbsent, compareAndPut, move; found "
                    + (op == null ? "none" : op.toString()));
        }
        String name = op.asText();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.get(name).contains(field)) {
                throw new IllegalArgumentException("\"" + name + "\" takes the fields " + FIELDS.get(name).stream().sorted()
                        .toList() + "; found \"" + field + "\"");
            }
        }
        long ttl = 0;
        if (node.has("ttl")) {
            JsonNode t = node.get("ttl");
            if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 1 || t.asLong() > 9_000_000_000L) {
                throw new IllegalArgumentException("\"ttl\" is the lease's time to live in whole seconds, at least 1; found " + t);
            }
            ttl = t.asLong();
        }
        switch (name) {
            case "move" -> {
                String from = text(node, "from");
                String to = text(node, "to");
                EtcdKeys.checkRelative(from, "the prefix \"from\"");
                EtcdKeys.checkRelative(to, "the prefix \"to\"");
                if (from.startsWith(to) || to.startsWith(from)) {
                    throw new IllegalArgumentException("move's prefixes '" + from + "' and '" + to + "' overlap; move into a "
                            + "prefix outside the one moved, e.g. 'old/' to 'new/'");
                }
                return new EtcdOperation(Kind.MOVE, from, to, null, 0, null, -1);
            }
            case "delete" -> {
                if (node.has("key") == node.has("prefix")) {
                    throw new IllegalArgumentException("delete takes either \"key\" or \"prefix\"");
                }
                boolean prefix = node.has("prefix");
                String key = text(node, prefix ? "prefix" : "key");
                EtcdKeys.checkRelative(key, prefix ? "the prefix" : "the key");
                return new EtcdOperation(prefix ? Kind.DELETE_PREFIX : Kind.DELETE, key, null, null, 0, null, -1);
            }
            default -> {
                String key = text(node, "key");
                EtcdKeys.checkRelative(key, "the key");
                if (!node.has("value")) {
                    throw new IllegalArgumentException(name + " needs a \"value\" (a JSON value or a string)");
                }
                byte[] value = stored(node.get("value"));
                if (name.equals("put")) {
                    return new EtcdOperation(Kind.PUT, key, null, value, ttl, null, -1);
                }
                if (name.equals("putIfAbsent")) {
                    return new EtcdOperation(Kind.PUT_IF_ABSENT, key, null, value, ttl, null, -1);
                }
                if (node.has("expected") == node.has("expectedVersion")) {
                    throw new IllegalArgumentException("compareAndPut takes either \"expected\" (the value the key must hold) "
                            + "or \"expectedVersion\" (its etcd version, 0 for absent)");
                }
                if (node.has("expected")) {
                    return new EtcdOperation(Kind.COMPARE_AND_PUT, key, null, value, ttl, stored(node.get("expected")), -1);
                }
                JsonNode v = node.get("expectedVersion");
                if (!v.isIntegralNumber() || v.asLong() < 0) {
                    throw new IllegalArgumentException("\"expectedVersion\" is a whole number, 0 for an absent key; found " + v);
                }
                return new EtcdOperation(Kind.COMPARE_AND_PUT, key, null, value, ttl, null, v.asLong());
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string; found " + (v == null ? "none" : v));
        }
        return v.asText();
    }

    /** A JSON string is stored as its text, any other value as compact JSON. */
    static byte[] stored(JsonNode value) {
        return (value.isTextual() ? value.asText() : value.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** The operation read back from a statement's text. */
    static EtcdOperation parse(String statement) {
        try {
            return of(JSON.readTree(statement));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }
}
