package dev.migrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transform;
import dev.migrator.api.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A data migration described in a small JSON or YAML file; {@link #HELP} (printed by {@code data migrate --help}) is
 * its reference, and every key it names is one of {@link #KEYS}:
 *
 * <pre>
 * name: import_tasks
 * source: { jsonFile: tasks.ndjson, type: tasks }        # or table: {connection, table, where}, query: {connection,
 *                                                        # type, query}, collection: {connection, collection, filter}
 * target: { connection: default, table: app.tasks, keys: [id] }
 * targets: { formData: { table: app.form_data, keys: [id] } }   # per record type, optional
 * conflict: overwrite                                    # skip, overwrite, merge, fill, fail, { newest: updated_at }
 * conflicts: { tasks: { newest: updated_at } }           # per record type, optional
 * includeTypes: [tasks, notes]                           # only these record types (optional)
 * excludeTypes: [drafts]                                 # leave these out (optional)
 * maxErrorRate: 0.05                                     # with --continue-on-error: share of rejected records that
 *                                                        # fails the run (0 to 1, default 0.1)
 * transforms:
 *   - rename: { from: createdAt, to: created_at }
 *   - mapValues: { field: status, values: { todo: pending, done: completed }, strict: true }
 *   - constant: { field: source, value: import }
 *   - newId: { field: id, kind: ulid, keepOldIn: legacy_id }   # kind: ulid or uuidv7
 *   - toTimestamp: { field: created_at }
 *   - remove: { field: tmp }
 *   - { type: tasks, rename: { from: a, to: b } }         # only for records of one type
 * </pre>
 *
 * Relative paths are resolved against the file's folder; a target's connection defaults to the primary one.
 */
final class DataMigrationFile {

    /** What a file describes: the migration, and the run options it sets (applied over the defaults). */
    record Description(DataMigration migration, List<String> includeTypes, List<String> excludeTypes,
            Double maxErrorRate) {

        /** Sets the file's options on {@code options}; flags of the command are set separately. */
        void applyTo(DataMigrationOptions.Builder options) {
            if (!includeTypes.isEmpty()) {
                options.includeTypes(includeTypes.toArray(String[]::new));
            }
            if (!excludeTypes.isEmpty()) {
                options.excludeTypes(excludeTypes.toArray(String[]::new));
            }
            if (maxErrorRate != null) {
                options.maxErrorRate(maxErrorRate);
            }
        }
    }

    private static final Set<String> TOP = Set.of("name", "source", "target", "targets", "conflict", "conflicts",
            "transforms", "includeTypes", "excludeTypes", "maxErrorRate");
    private static final Set<String> SOURCE_JSON = Set.of("jsonFile", "type");
    private static final Set<String> SOURCE_TABLE = Set.of("table", "connection", "where");
    private static final Set<String> SOURCE_QUERY = Set.of("query", "connection", "type");
    private static final Set<String> SOURCE_COLLECTION = Set.of("collection", "connection", "filter");
    private static final Set<String> TARGET = Set.of("connection", "table", "keys");
    private static final Set<String> TRANSFORMS = Set.of("rename", "mapValues", "constant", "newId", "toTimestamp",
            "remove");
    /** The keys inside the transforms, besides {@code type}. */
    private static final Set<String> TRANSFORM_ARGUMENTS = Set.of("from", "to", "field", "values", "strict", "value",
            "kind", "keepOldIn");

    /** Every key a file may hold, at any level; each is explained in {@link #HELP}. */
    static final Set<String> KEYS = union(TOP, SOURCE_JSON, SOURCE_TABLE, SOURCE_QUERY, SOURCE_COLLECTION, TARGET,
            TRANSFORMS, TRANSFORM_ARGUMENTS, Set.of("newest"));

    /** The file's reference, in picocli's format ({@code %n} a line break, {@code %%} a percent sign). */
    static final String HELP = "The FILE (YAML or JSON), every key it may hold:%n"
            + "  name: import_tasks          # default: the file's name%n"
            + "  source:                     # one of:%n"
            + "    jsonFile: tasks.ndjson    # NDJSON, an array, or a localStorage export%n"
            + "    type: tasks               #   (one key per type); relative to FILE%n"
            + "    # or  table: app.tasks, where: \"done\", connection: core%n"
            + "    # or  query: \"SELECT ...\", type: tasks, connection: core%n"
            + "    # or  collection: app.tasks, filter: { done: true }, connection: docs%n"
            + "  target: { table: app.tasks, keys: [id], connection: core }%n"
            + "  targets: { notes: { table: app.notes, keys: [id] } }   # per record type%n"
            + "  conflict: overwrite         # skip, overwrite, merge, fill, fail,%n"
            + "                              #   or { newest: updated_at }%n"
            + "  conflicts: { tasks: { newest: updated_at } }           # per record type%n"
            + "  includeTypes: [tasks]       # only these record types%n"
            + "  excludeTypes: [drafts]      # leave these record types out%n"
            + "  maxErrorRate: 0.05          # with --continue-on-error: the share of%n"
            + "                              #   rejected records (0 to 1, default 0.1)%n"
            + "                              #   past which the run fails%n"
            + "  transforms:                 # in order; add type: T to limit one to T%n"
            + "    - rename: { from: createdAt, to: created_at }%n"
            + "    - mapValues: { field: status, values: { todo: open }, strict: true }%n"
            + "    - constant: { field: source, value: import }%n"
            + "    - newId: { field: id, kind: ulid, keepOldIn: legacy_id }   # or uuidv7%n"
            + "    - toTimestamp: { field: created_at }%n"
            + "    - remove: { field: tmp }%n"
            + "Connections default to the primary one (the config file's first, else the%n"
            + "one of DATABASE_URL or --url).";

    private final Path file;
    private final String defaultConnection;

    private DataMigrationFile(Path file, String defaultConnection) {
        this.file = file;
        this.defaultConnection = defaultConnection;
    }

    static Description read(Path file, String defaultConnection) {
        return new DataMigrationFile(file, defaultConnection).parse();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new java.util.TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return java.util.Collections.unmodifiableSet(all);
    }

    private Description parse() {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("Data migration file " + file + " does not exist.");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw bad("is malformed at line " + (loc == null ? "?" : loc.getLineNr()) + ", column "
                    + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("must hold an object with name, source and target");
        }
        known(root, TOP, "the top level");
        String name = root.hasNonNull("name") ? root.get("name").asText()
                : file.getFileName().toString().replaceAll("\\.(ya?ml|json)$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        DataMigration.Builder b = DataMigration.builder(name).source(source(root.path("source")));
        for (JsonNode t : root.path("transforms")) {
            b.transform(transform(t));
        }
        if (root.has("target")) {
            b.target(target(root.get("target"), "target"));
        }
        root.path("targets").fields().forEachRemaining(e -> b.target(e.getKey(), target(e.getValue(), "targets." + e.getKey())));
        if (!root.has("target") && !root.has("targets")) {
            throw bad("needs a target: { table: schema.table, keys: [id] }");
        }
        if (root.has("conflict")) {
            b.conflict(conflict(root.get("conflict"), "conflict"));
        }
        root.path("conflicts").fields().forEachRemaining(
                e -> b.conflict(e.getKey(), conflict(e.getValue(), "conflicts." + e.getKey())));
        return new Description(b.build(), types(root, "includeTypes"), types(root, "excludeTypes"), rate(root));
    }

    /** {@code key: [a, b]} or {@code key: a}; none when absent. */
    private List<String> types(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<String> types = new ArrayList<>();
        if (n.isTextual()) {
            types.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode t : n) {
                if (!t.isTextual()) {
                    throw bad(key + " holds " + t + "; expected record type names, e.g. " + key + ": [tasks, notes]");
                }
                types.add(t.asText());
            }
        } else {
            throw bad(key + " is " + n + "; expected record type names, e.g. " + key + ": [tasks, notes]");
        }
        return List.copyOf(types);
    }

    private Double rate(JsonNode root) {
        JsonNode n = root.get("maxErrorRate");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || n.asDouble() < 0 || n.asDouble() > 1) {
            throw bad("maxErrorRate is " + n + "; allowed: a share from 0 to 1, e.g. 0.05 for 5%");
        }
        return n.asDouble();
    }

    private RecordSource source(JsonNode s) {
        if (!s.isObject()) {
            throw bad("needs a source: { jsonFile: records.ndjson } or { table: schema.table }, { query: ... } or "
                    + "{ collection: db.coll }");
        }
        if (s.has("jsonFile")) {
            known(s, SOURCE_JSON, "source");
            Path path = file.toAbsolutePath().getParent().resolve(s.get("jsonFile").asText()).normalize();
            return s.hasNonNull("type") ? RecordSource.jsonFile(path, s.get("type").asText()) : RecordSource.jsonFile(path);
        }
        String connection = s.hasNonNull("connection") ? s.get("connection").asText() : defaultConnection;
        if (s.has("table")) {
            known(s, SOURCE_TABLE, "source");
            return s.hasNonNull("where") ? RecordSource.table(connection, s.get("table").asText(), s.get("where").asText())
                    : RecordSource.table(connection, s.get("table").asText());
        }
        if (s.has("query")) {
            known(s, SOURCE_QUERY, "source");
            if (!s.hasNonNull("type")) {
                throw bad("source.query needs a type: the name its records get (e.g. type: tasks)");
            }
            return RecordSource.query(connection, s.get("type").asText(), s.get("query").asText());
        }
        if (s.has("collection")) {
            known(s, SOURCE_COLLECTION, "source");
            return s.hasNonNull("filter")
                    ? RecordSource.collection(connection, s.get("collection").asText(), s.get("filter").toString())
                    : RecordSource.collection(connection, s.get("collection").asText());
        }
        throw bad("source needs one of jsonFile, table, query or collection");
    }

    private DataTarget target(JsonNode t, String where) {
        known(t, TARGET, where);
        if (!t.hasNonNull("table")) {
            throw bad(where + " needs a table (schema.table, or db.collection on MongoDB)");
        }
        List<String> keys = new ArrayList<>();
        JsonNode k = t.path("keys");
        if (k.isTextual()) {
            keys.add(k.asText());
        } else {
            k.forEach(n -> keys.add(n.asText()));
        }
        if (keys.isEmpty()) {
            throw bad(where + " needs keys: the fields that identify a record, e.g. keys: [id]");
        }
        return DataTarget.of(t.hasNonNull("connection") ? t.get("connection").asText() : defaultConnection,
                t.get("table").asText(), keys.toArray(String[]::new));
    }

    private ConflictStrategy conflict(JsonNode c, String where) {
        if (c.isObject() && c.has("newest")) {
            return ConflictStrategy.newest(c.get("newest").asText());
        }
        return switch (c.asText().toLowerCase(Locale.ROOT)) {
            case "skip" -> ConflictStrategy.skip();
            case "overwrite" -> ConflictStrategy.overwrite();
            case "merge" -> ConflictStrategy.merge();
            case "fill" -> ConflictStrategy.fill();
            case "fail" -> ConflictStrategy.fail();
            default -> throw bad(where + " is '" + c.asText() + "'; expected skip, overwrite, merge, fill, fail or "
                    + "{ newest: timestamp_field }");
        };
    }

    private Transform transform(JsonNode t) {
        if (!t.isObject()) {
            throw bad("transforms[] must be objects such as { rename: { from: a, to: b } }");
        }
        String type = t.hasNonNull("type") ? t.get("type").asText() : null;
        List<String> kinds = new ArrayList<>();
        t.fieldNames().forEachRemaining(f -> {
            if (!f.equals("type")) {
                kinds.add(f);
            }
        });
        if (kinds.size() != 1 || !TRANSFORMS.contains(kinds.get(0))) {
            throw bad("each transform has exactly one of " + TRANSFORMS + " (and optionally type); found " + kinds);
        }
        String kind = kinds.get(0);
        JsonNode a = t.get(kind);
        Transform transform = switch (kind) {
            case "rename" -> Transforms.rename(req(a, "from", kind), req(a, "to", kind));
            case "remove" -> Transforms.remove(a.isTextual() ? a.asText() : req(a, "field", kind));
            case "toTimestamp" -> Transforms.toTimestamp(a.isTextual() ? a.asText() : req(a, "field", kind));
            case "constant" -> Transforms.constant(req(a, "field", kind), plain(a.get("value")));
            case "mapValues" -> {
                Map<Object, Object> values = new LinkedHashMap<>();
                a.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), plain(e.getValue())));
                yield Transforms.mapValues(req(a, "field", kind), values, a.path("strict").asBoolean(false));
            }
            case "newId" -> {
                String idKind = a.hasNonNull("kind") ? a.get("kind").asText().toUpperCase(Locale.ROOT) : "ULID";
                Transforms.IdKind k = switch (idKind) {
                    case "ULID" -> Transforms.IdKind.ULID;
                    case "UUIDV7", "UUID_V7", "UUID" -> Transforms.IdKind.UUID_V7;
                    default -> throw bad("newId.kind is '" + a.get("kind").asText() + "'; expected ulid or uuidv7");
                };
                yield a.hasNonNull("keepOldIn") ? Transforms.newId(req(a, "field", kind), k, a.get("keepOldIn").asText())
                        : Transforms.newId(req(a, "field", kind), k);
            }
            default -> throw new IllegalStateException(kind);
        };
        return type == null ? transform : Transforms.forType(type, transform);
    }

    private String req(JsonNode a, String field, String kind) {
        if (a == null || !a.hasNonNull(field)) {
            throw bad("transform " + kind + " needs " + field);
        }
        return a.get(field).asText();
    }

    private static Object plain(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isContainerNode()) {
            return new ObjectMapper().convertValue(v, Object.class);
        }
        return v.asText();
    }

    private void known(JsonNode node, Set<String> keys, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw bad("has an unknown key '" + k + "' in " + where + "; known: " + new java.util.TreeSet<>(keys));
            }
        });
    }

    private CliException bad(String what) {
        return new CliException(ExitCodes.USAGE, "DATA_MIGRATION_FILE_INVALID", "Data migration file " + file + " " + what
                + ".");
    }
}
