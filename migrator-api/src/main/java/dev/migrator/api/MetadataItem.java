package dev.migrator.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One metadata item: an object, view, field, flow or permission definition. Identified by type, name and namespace.
 *
 * @param type the item's type, e.g. {@code object}, {@code view}, {@code flow}
 * @param name its name (letters, digits, {@code _ - .}; see {@link MetadataManager.Builder#namePattern})
 * @param namespace its namespace ({@link #DEFAULT_NAMESPACE} unless given)
 * @param scope system or user
 * @param body the definition as JSON values: {@code Map}, {@code List}, {@code String}, {@code Number},
 *     {@code Boolean}, {@code null}; unmodifiable
 * @param checksum SHA-256 (hex) of the body's canonical JSON, filled in by loaders; {@code null} for an unsaved item
 * @param updatedAt when it was last saved, if known
 */
public record MetadataItem(String type, String name, String namespace, MetadataScope scope, Map<String, Object> body,
        String checksum, Optional<Instant> updatedAt) {

    /** The namespace of items that name none. */
    public static final String DEFAULT_NAMESPACE = "default";

    /**
     * Checks the identity fields and copies the body.
     *
     * @param type the item's type, e.g. {@code object}, {@code view}, {@code flow}
     * @param name its name (letters, digits, {@code _ - .}; see {@link MetadataManager.Builder#namePattern})
     * @param namespace its namespace ({@link #DEFAULT_NAMESPACE} unless given)
     * @param scope system or user
     * @param body the definition as JSON values: {@code Map}, {@code List}, {@code String}, {@code Number}, {@code
     *     Boolean}, {@code null}; unmodifiable
     * @param checksum SHA-256 (hex) of the body's canonical JSON, filled in by loaders; {@code null} for an unsaved
     *     item
     * @param updatedAt when it was last saved, if known
     */
    public MetadataItem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
        scope = scope == null ? MetadataScope.SYSTEM : scope;
        body = body == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
        updatedAt = updatedAt == null ? Optional.empty() : updatedAt;
    }

    /**
     * {@return a new item in the default namespace with system scope}
     *
     * @param type the item's type, e.g. {@code object}
     * @param name the item's name
     * @param body the definition, as JSON-like maps, lists and values; copied
     */
    public static MetadataItem of(String type, String name, Map<String, ?> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) body;
        return new MetadataItem(type, name, DEFAULT_NAMESPACE, MetadataScope.SYSTEM, b, null, Optional.empty());
    }

    /**
     * {@return this item in another namespace}
     *
     * @param ns the namespace, e.g. a tenant's
     */
    public MetadataItem withNamespace(String ns) {
        return new MetadataItem(type, name, ns, scope, body, checksum, updatedAt);
    }

    /**
     * {@return this item with another scope}
     *
     * @param s {@link MetadataScope#SYSTEM} or {@link MetadataScope#USER}
     */
    public MetadataItem withScope(MetadataScope s) {
        return new MetadataItem(type, name, namespace, s, body, checksum, updatedAt);
    }

    /**
     * {@return this item with another body (checksum cleared)}
     *
     * @param b the new definition, as JSON-like maps, lists and values
     */
    public MetadataItem withBody(Map<String, ?> b) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) b;
        return new MetadataItem(type, name, namespace, scope, m, null, Optional.empty());
    }

    /**
     * {@return this item as a loader stored it}
     *
     * @param newChecksum the checksum the loader recorded, see {@link #checksumOf(Map)}
     * @param at when the loader stored it
     */
    public MetadataItem stored(String newChecksum, Instant at) {
        return new MetadataItem(type, name, namespace, scope, body, newChecksum, Optional.ofNullable(at));
    }

    /** {@return {@code type/namespace/name}, for messages and maps} */
    public String key() {
        return key(type, name, namespace);
    }

    /**
     * {@return {@code type/namespace/name}}
     *
     * @param type the item's type
     * @param name the item's name
     * @param namespace the namespace
     */
    public static String key(String type, String name, String namespace) {
        return type + "/" + (namespace == null ? DEFAULT_NAMESPACE : namespace) + "/" + name;
    }

    /**
     * {@return the checksum every loader records: SHA-256 (hex) of the body as canonical JSON — object keys sorted, no
     * whitespace, numbers without trailing zeros ({@code 1}, {@code 1.0} and {@code 1.00} are equal) — so the same
     * definition has the same checksum in a file, a table and a collection}
     *
     * @param body the definition to hash
     */
    public static String checksumOf(Map<String, ?> body) {
        StringBuilder sb = new StringBuilder();
        canonical(sb, body);
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void canonical(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                canonical(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object x : it) {
                sb.append(first ? "" : ",");
                first = false;
                canonical(sb, x);
            }
            sb.append(']');
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Number n) {
            java.math.BigDecimal d;
            try {
                d = n instanceof java.math.BigDecimal b ? b : new java.math.BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                string(sb, n.toString()); // NaN, Infinity
                return;
            }
            d = d.stripTrailingZeros();
            sb.append(d.signum() == 0 ? "0" : d.toPlainString());
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
