package dev.migrator.core.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Validates records against JSON Schemas, one per record type, with networknt's json-schema-validator. The schema of
 * type {@value #ALL_TYPES} applies to every record, in addition to the schema of its own type.
 *
 * <p>Schemas are parsed, checked against their dialect's meta-schema and compiled once, in the constructor; the
 * validator is immutable and safe to share between threads. The dialect is the one a schema's {@code $schema} names,
 * else draft 2020-12. Schemas are never fetched from the network: a {@code $ref} must point inside the schema.
 *
 * <p>Record fields are converted to JSON as the writers would store them: numbers exactly, {@code byte[]} as base64,
 * {@code java.time} values and {@code Date} as ISO-8601 text, {@code UUID} and any other value as its string.
 */
public final class SchemaValidator implements Validator {

    /** The type whose schema applies to every record. */
    public static final String ALL_TYPES = "*";

    private static final SpecificationVersion DEFAULT_DIALECT = SpecificationVersion.DRAFT_2020_12;

    private static final JsonNodeFactory NODES = new JsonNodeFactory(true);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setNodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, Schema> schemas;

    /**
     * Compiles the schemas.
     *
     * @param schemasByType JSON Schema text by record type ({@value #ALL_TYPES} for every type)
     * @throws ConfigurationException when a schema is not JSON, not a schema of its dialect, names an unknown dialect,
     *     or has a reference that does not resolve; the message names the type and the problem
     * @throws NullPointerException when the map, a type or a schema is null
     */
    public SchemaValidator(Map<String, String> schemasByType) {
        Objects.requireNonNull(schemasByType, "schemasByType");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_PATH)
                // The messages are read by people and asserted by tests: one language whatever the JVM's locale.
                .locale(Locale.ENGLISH)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                DEFAULT_DIALECT,
                b -> b.schemaRegistryConfig(config)
                        // Meta-schemas come from the library's jar; nothing else is loaded from outside.
                        .schemaLoader(l -> l.fetchRemoteResources(false)));
        Map<String, Schema> compiled = new LinkedHashMap<>();
        Map<SpecificationVersion, Schema> metaSchemas = new LinkedHashMap<>();
        schemasByType.forEach((type, text) -> {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(text, () -> "schema of type '" + type + "'");
            compiled.put(type, compile(registry, metaSchemas, type, text));
        });
        this.schemas = Map.copyOf(compiled);
    }

    /** The types that have a schema. */
    public Set<String> types() {
        return schemas.keySet();
    }

    /**
     * The record's problems, each naming the field's path and the rule it breaks, e.g. {@code $.status: does not have a
     * value in the enumeration ["pending", "done"]}; empty when it is valid or no schema applies to its type.
     */
    @Override
    public List<String> validate(DataRecord record) {
        Schema forAll = schemas.get(ALL_TYPES);
        Schema forType = ALL_TYPES.equals(record.type()) ? null : schemas.get(record.type());
        if (forAll == null && forType == null) {
            return List.of();
        }
        JsonNode node = toJson(record.fields());
        Set<String> problems = new LinkedHashSet<>();
        if (forAll != null) {
            addProblems(forAll, node, problems);
        }
        if (forType != null) {
            addProblems(forType, node, problems);
        }
        return List.copyOf(problems);
    }

    private static void addProblems(Schema schema, JsonNode node, Set<String> problems) {
        for (com.networknt.schema.Error e : schema.validate(node)) {
            problems.add(sentence(e));
        }
    }

    private static String sentence(com.networknt.schema.Error e) {
        String path = e.getInstanceLocation().toString();
        if (path.isEmpty()) {
            path = "$";
        }
        // A missing field is reported at its parent; name the field itself, as for every other rule.
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            path = child(path, e.getProperty());
        }
        return path + ": " + e.getMessage();
    }

    private static Schema compile(
            SchemaRegistry registry, Map<SpecificationVersion, Schema> metaSchemas, String type, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigurationException(
                    "The JSON Schema of type '" + type + "' is not valid JSON" + where + ": " + e.getOriginalMessage()
                            + ". Fix the schema given for '" + type + "'.",
                    e);
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new ConfigurationException("The JSON Schema of type '" + type + "' must be a JSON object (or true or"
                    + " false), found " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT))
                    + ". Fix the schema given for '" + type + "'.");
        }
        try {
            SpecificationVersion dialect = node.isObject() && node.has("$schema")
                    ? SpecificationVersion.fromSchemaNode(node).orElse(null)
                    : DEFAULT_DIALECT;
            if (dialect != null) {
                // The validator accepts schemas its meta-schema rejects (a "type" of 5 would fail every record with
                // an obscure message): check the schema itself first.
                Schema meta = metaSchemas.computeIfAbsent(
                        dialect, d -> registry.getSchema(SchemaLocation.of(d.getDialectId())));
                Set<String> problems = new LinkedHashSet<>();
                for (com.networknt.schema.Error e : meta.validate(node)) {
                    problems.add(sentence(e));
                }
                if (!problems.isEmpty()) {
                    throw new ConfigurationException("The JSON Schema of type '" + type + "' is not a valid "
                            + dialect.getDialectId() + " schema: " + String.join("; ", problems)
                            + ". Fix the schema given for '" + type + "'.");
                }
            }
            Schema schema = registry.getSchema(node);
            // Resolve every $ref now, so a broken one fails here rather than at the first record (and so
            // validate() only reads what is built).
            schema.initializeValidators();
            return schema;
        } catch (SchemaException e) {
            throw new ConfigurationException(
                    "The JSON Schema of type '" + type + "' cannot be used: " + e.getMessage()
                            + ". Fix the schema given for '" + type + "'.",
                    e);
        } catch (RuntimeException e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException(
                    "The JSON Schema of type '" + type + "' cannot be used: " + e
                            + ". Fix the schema given for '" + type + "'.",
                    e);
        }
    }

    /** A record's fields as the JSON the schema sees. */
    static ObjectNode toJson(Map<String, ?> fields) {
        ObjectNode object = NODES.objectNode();
        fields.forEach((k, v) -> object.set(k, toJson(v)));
        return object;
    }

    private static JsonNode toJson(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof String s) {
            return NODES.textNode(s);
        } else if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            return NODES.numberNode(i);
        } else if (v instanceof BigDecimal d) {
            return NODES.numberNode(d);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or Infinity; the writers store them as these strings.
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
        } else if (v instanceof Map<?, ?> m) {
            ObjectNode object = NODES.objectNode();
            m.forEach((k, e) -> object.set(String.valueOf(k), toJson(e)));
            return object;
        } else if (v instanceof Collection<?> c) {
            ArrayNode array = NODES.arrayNode(c.size());
            c.forEach(e -> array.add(toJson(e)));
            return array;
        } else if (v instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (v instanceof Object[] items) {
            ArrayNode array = NODES.arrayNode(items.length);
            for (Object e : items) {
                array.add(toJson(e));
            }
            return array;
        } else if (v instanceof Date d) {
            return NODES.textNode(d.toInstant().toString());
        } else if (v instanceof TemporalAccessor || v instanceof UUID) {
            // java.time's toString() is ISO-8601 (2024-05-01T10:15:30Z, 2024-05-01, 10:15:30).
            return NODES.textNode(v.toString());
        } else if (v instanceof JsonNode n) {
            return n;
        }
        return NODES.textNode(String.valueOf(v));
    }

    /** A JSON Path step like the validator's own: {@code $.name}, or {@code $['odd name']}. */
    private static String child(String parent, String name) {
        StringBuilder sb = new StringBuilder(parent);
        PathType.JSON_PATH.append(sb, name);
        return sb.toString();
    }
}
