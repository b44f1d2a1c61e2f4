package dev.migrator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data migration: a source, a chain of transforms, validators and JSON Schemas, and a target with its key fields
 * and conflict strategy per record type. Immutable; run it with {@link MigrationManager#migrateData}.
 *
 * <pre>{@code
 * DataMigration tasks = DataMigration.builder("import_local_storage")
 *         .source(RecordSource.jsonFile(Path.of("export.json")))        // {"tasks": [...], "environments": [...]}
 *         .transform(Transforms.rename("createdAt", "created_at"))
 *         .transform(Transforms.mapValues("status", Map.of("todo", "pending", "done", "completed")))
 *         .transform(Transforms.constant("user_id", userId))
 *         .transform(Transforms.toTimestamp("created_at"))
 *         .target("tasks", DataTarget.of("core", "app.tasks", "id"))
 *         .conflict("tasks", ConflictStrategy.newest("updated_at"))
 *         .build();
 * }</pre>
 *
 * <p>The name identifies the migration's checkpoint: a run that stops resumes where the last one committed.
 */
public final class DataMigration {

    private static final int MAX_NAME = 100;

    private final String name;
    private final RecordSource source;
    private final List<Transform> transforms;
    private final List<Validator> validators;
    private final Map<String, String> schemas;
    private final DataTarget defaultTarget;
    private final Map<String, DataTarget> targets;
    private final ConflictStrategy defaultConflict;
    private final Map<String, ConflictStrategy> conflicts;

    private DataMigration(Builder b) {
        this.name = b.name;
        this.source = b.source;
        this.transforms = List.copyOf(b.transforms);
        this.validators = List.copyOf(b.validators);
        this.schemas = Map.copyOf(b.schemas);
        this.defaultTarget = b.defaultTarget;
        this.targets = Map.copyOf(b.targets);
        this.defaultConflict = b.defaultConflict;
        this.conflicts = Map.copyOf(b.conflicts);
    }

    /**
     * Starts a migration named {@code name} (letters, digits, {@code _ . -}; up to 100).
     *
     * @param name the migration's name: letters, digits, {@code _ . -}, up to 100; its checkpoint is kept under it
     * @return a builder with no source, target or transform yet
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@return the migration's name, under which its checkpoint is kept} */
    public String name() {
        return name;
    }

    /** {@return where the records come from} */
    public RecordSource source() {
        return source;
    }

    /** {@return the transforms, in the order they run} */
    public List<Transform> transforms() {
        return transforms;
    }

    /** {@return the validators, run after the transforms in the order added} */
    public List<Validator> validators() {
        return validators;
    }

    /**
     * JSON Schemas (draft 2020-12 unless the schema says otherwise) by record type; {@code *} for every type.
     *
     * @return JSON Schema text by record type, {@code *} for every type; empty when none was registered
     */
    public Map<String, String> schemas() {
        return schemas;
    }

    /**
     * The target of a record type: its own, else the default; empty when neither is set.
     *
     * @param type a record type, e.g. a table's name
     * @return the type's target, else the default target; empty when neither is set
     */
    public java.util.Optional<DataTarget> target(String type) {
        return java.util.Optional.ofNullable(targets.getOrDefault(type, defaultTarget));
    }

    /** {@return targets given per record type} */
    public Map<String, DataTarget> targets() {
        return targets;
    }

    /** {@return the target for types without their own, or {@code null}} */
    public DataTarget defaultTarget() {
        return defaultTarget;
    }

    /**
     * The conflict strategy of a record type: its own, else the default ({@link ConflictStrategy#fail()} unless set).
     *
     * @param type a record type, e.g. a table's name
     * @return the type's strategy, else the default one
     */
    public ConflictStrategy conflict(String type) {
        return conflicts.getOrDefault(type, defaultConflict);
    }

    /** {@return conflict strategies given per record type} */
    public Map<String, ConflictStrategy> conflicts() {
        return conflicts;
    }

    @Override
    public String toString() {
        return "DataMigration[" + name + ": " + source.describe() + "]";
    }

    /** Builds a {@link DataMigration}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private RecordSource source;
        private final List<Transform> transforms = new ArrayList<>();
        private final List<Validator> validators = new ArrayList<>();
        private final Map<String, String> schemas = new LinkedHashMap<>();
        private DataTarget defaultTarget;
        private final Map<String, DataTarget> targets = new LinkedHashMap<>();
        private ConflictStrategy defaultConflict = ConflictStrategy.fail();
        private final Map<String, ConflictStrategy> conflicts = new LinkedHashMap<>();

        private Builder(String name) {
            if (!Identifier.isName(name, MAX_NAME)) {
                throw new ConfigurationException("Data migration name '" + name + "' is not allowed; use 1 to 100 letters, "
                        + "digits, '_', '.' or '-', e.g. import_tasks_2025.");
            }
            this.name = name;
        }

        /**
         * Where records come from (required).
         *
         * @param source where the records come from
         * @return this builder
         */
        public Builder source(RecordSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Adds a transform; transforms run in the order added.
         *
         * @param transform the transform to add; it may change, drop or reject a record
         * @return this builder
         */
        public Builder transform(Transform transform) {
            transforms.add(Objects.requireNonNull(transform, "transform"));
            return this;
        }

        /**
         * Adds a validator, run after the transforms.
         *
         * @param validator the validator to add; a record it rejects is not written
         * @return this builder
         */
        public Builder validate(Validator validator) {
            validators.add(Objects.requireNonNull(validator, "validator"));
            return this;
        }

        /**
         * Registers a JSON Schema for a record type ({@code *} for all), checked after the transforms.
         *
         * @param type the record type, or {@code *} for every type
         * @param jsonSchema the JSON Schema, as text
         * @return this builder
         */
        public Builder schema(String type, String jsonSchema) {
            schemas.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(jsonSchema, "jsonSchema"));
            return this;
        }

        /**
         * The target for every record type without its own.
         *
         * @param target where records of types without their own target are written
         * @return this builder
         */
        public Builder target(DataTarget target) {
            this.defaultTarget = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * The target of one record type.
         *
         * @param type a record type, e.g. a table's name
         * @param target where records of {@code type} are written
         * @return this builder
         */
        public Builder target(String type, DataTarget target) {
            targets.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(target, "target"));
            return this;
        }

        /**
         * The conflict strategy for every type without its own (default {@link ConflictStrategy#fail()}).
         *
         * @param strategy what to do when a record's key already exists in the target
         * @return this builder
         */
        public Builder conflict(ConflictStrategy strategy) {
            this.defaultConflict = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * The conflict strategy of one record type.
         *
         * @param type a record type, e.g. a table's name
         * @param strategy what to do when a record of {@code type} already exists in the target
         * @return this builder
         */
        public Builder conflict(String type, ConflictStrategy strategy) {
            conflicts.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(strategy, "strategy"));
            return this;
        }

        /**
         * Builds the migration.
         *
         * @return the migration, immutable
         * @throws ConfigurationException when there is no source or no target, or the targets use more than one
         *     connection (a run's writes and its checkpoint commit together on one connection)
         */
        public DataMigration build() {
            if (source == null) {
                throw new ConfigurationException("Data migration " + name + " has no source; call source(...).");
            }
            if (defaultTarget == null && targets.isEmpty()) {
                throw new ConfigurationException("Data migration " + name + " has no target; call target(...).");
            }
            java.util.Set<String> connections = new java.util.TreeSet<>();
            if (defaultTarget != null) {
                connections.add(defaultTarget.connection());
            }
            targets.values().forEach(t -> connections.add(t.connection()));
            if (connections.size() > 1) {
                throw new ConfigurationException("Data migration " + name + " writes to connections " + connections
                        + "; one migration writes to one connection, so that its writes and its checkpoint commit "
                        + "together. Split it into one migration per connection.");
            }
            return new DataMigration(this);
        }
    }
}
