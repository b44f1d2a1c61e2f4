package dev.migrator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A project copy: a set of tables copied from one connection to another in foreign-key order (referenced tables
 * first), built on data migrations — one per table, reading the source table in key order and overwriting rows with
 * the same primary key in the target. Immutable; run it with {@link MigrationManager#copyProject(ProjectCopy)}.
 *
 * <pre>{@code
 * ProjectCopy acme = ProjectCopy.builder("acme")
 *         .from("prod")
 *         .tables("auth.users", "auth.sessions", "storage.objects")
 *         .to("staging")
 *         .schema("storage", "files")                  // storage.objects goes to files.objects
 *         .build();
 * ProjectCopyResult result = manager.data().copyProject(acme);
 * }</pre>
 *
 * <p>A run first migrates each target schema ({@link #migrateTarget()}), so the schema migrations create the tables,
 * checks every source and target table, backs the target tables up in one backup, copies each table, and restores the
 * backup when a copy fails. The project's name names the backup ({@code project_<name>...}) and each table's data
 * migration ({@code project_<name>_<schema>_<table>}), whose checkpoint lets a run that stopped resume.
 */
public final class ProjectCopy {

    /** The longest project name: it is part of its tables' data-migration names. */
    private static final int MAX_NAME = 60;

    private final String name;
    private final String fromConnection;
    private final String fromSchema;
    private final String toConnection;
    private final Map<String, String> schemas;
    private final List<String> tables;
    private final boolean migrateTarget;
    private final DataMigrationOptions options;

    private ProjectCopy(Builder b) {
        this.name = b.name;
        this.fromConnection = b.fromConnection;
        this.fromSchema = b.fromSchema;
        this.toConnection = b.toConnection;
        this.schemas = Map.copyOf(b.schemas);
        this.tables = List.copyOf(b.tables);
        this.migrateTarget = b.migrateTarget;
        this.options = b.options;
    }

    /**
     * Starts a project copy named {@code name} (1 to 60 letters, digits, {@code _ . -}).
     *
     * @param name the project copy's name, 1 to 60 letters, digits, {@code _ . -}; each table's checkpoint is kept
     *     under it
     * @return a builder with no source or target yet
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@return the project's name, unique among the projects of one {@link MigrationManager#copyProjects} call} */
    public String name() {
        return name;
    }

    /** {@return the connection read from} */
    public String fromConnection() {
        return fromConnection;
    }

    /**
     * {@return the schema unqualified table names resolve in and whose tables are copied when no tables are named;
     * empty for the source connection's default schema}
     */
    public Optional<String> fromSchema() {
        return Optional.ofNullable(fromSchema);
    }

    /** {@return the connection written to (it may be the source connection when every schema is mapped to another)} */
    public String toConnection() {
        return toConnection;
    }

    /**
     * Source schema to target schema, for the schemas given with {@link Builder#schema(String, String)}.
     *
     * @return source schema name to target schema name; empty when no schema was mapped
     */
    public Map<String, String> schemaMapping() {
        return schemas;
    }

    /**
     * The target schema of a source schema: its mapping, else the same name.
     *
     * @param sourceSchema a schema of the source connection
     * @return the schema its tables are written into
     */
    public String targetSchema(String sourceSchema) {
        return schemas.getOrDefault(sourceSchema, sourceSchema);
    }

    /** {@return the tables named, {@code table} or {@code schema.table}; empty for every table of the from schema} */
    public List<String> tables() {
        return tables;
    }

    /**
     * {@return whether each target schema is migrated ({@link MigrationManager#migrate(Target)}) before the copy; a dry
     * run ({@link DataMigrationOptions#dryRun()}) migrates nothing, so its target tables must exist already}
     */
    public boolean migrateTarget() {
        return migrateTarget;
    }

    /**
     * {@return the options of every table's data migration} The project takes one backup itself, so each table runs
     * with {@code backup(false)}; {@link DataMigrationOptions#backup()} and {@link
     * DataMigrationOptions#restoreOnFailure()} here decide whether the project backs up and restores. {@link
     * DataMigrationOptions#reportFile()} is not used: the project's report is its {@link ProjectCopyResult}.
     */
    public DataMigrationOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "ProjectCopy[" + name + ": " + fromConnection + (fromSchema == null ? "" : "/" + fromSchema) + " -> "
                + toConnection + (schemas.isEmpty() ? "" : " " + schemas) + (tables.isEmpty() ? "" : " " + tables) + "]";
    }

    /** Builds a {@link ProjectCopy}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private String fromConnection;
        private String fromSchema;
        private String toConnection;
        private final Map<String, String> schemas = new LinkedHashMap<>();
        private final List<String> tables = new ArrayList<>();
        private boolean migrateTarget = true;
        private DataMigrationOptions options = DataMigrationOptions.defaults();

        private Builder(String name) {
            if (!Identifier.isName(name, MAX_NAME)) {
                throw new ConfigurationException("Project name '" + name + "' is not allowed; use 1 to 60 letters, "
                        + "digits, '_', '.' or '-', e.g. acme_2025.");
            }
            this.name = name;
        }

        /**
         * Copies from a schema of a connection: its tables, or the ones named with {@link #tables(String...)}.
         *
         * @param connection the source connection's name
         * @param schema the schema whose tables are copied
         * @return this builder
         */
        public Builder from(String connection, String schema) {
            this.fromConnection = Objects.requireNonNull(connection, "connection");
            this.fromSchema = plain(Objects.requireNonNull(schema, "schema"), "Source schema");
            return this;
        }

        /**
         * Copies from a connection; tables named {@code schema.table} may come from several schemas, unqualified ones
         * and "every table" mean the connection's default schema.
         *
         * @param connection the source connection's name
         * @return this builder
         */
        public Builder from(String connection) {
            this.fromConnection = Objects.requireNonNull(connection, "connection");
            this.fromSchema = null;
            return this;
        }

        /**
         * Copies into this connection (required).
         *
         * @param connection the target connection's name
         * @return this builder
         */
        public Builder to(String connection) {
            this.toConnection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * Writes the tables of source schema {@code from} into schema {@code to}; default: the same schema name.
         *
         * @param from a source schema
         * @param to the target schema its tables are written into
         * @return this builder
         */
        public Builder schema(String from, String to) {
            schemas.put(plain(from, "Source schema"), plain(to, "Target schema"));
            return this;
        }

        /**
         * The tables to copy, {@code table} (in the from schema) or {@code schema.table}, in any order: they are copied
         * in foreign-key order. Default: every table of the from schema except migrator's own (history, lock,
         * checkpoints).
         *
         * @param names table names, {@code table} or {@code schema.table}
         * @return this builder
         * @throws InvalidIdentifierException when a name is not {@code table} or {@code schema.table} of plain
         *     identifiers
         */
        public Builder tables(String... names) {
            for (String t : names) {
                if (t == null) {
                    throw new InvalidIdentifierException("A table name of project " + name + " is null.");
                }
                int dot = t.indexOf('.');
                if (dot >= 0) {
                    plain(t.substring(0, dot), "Schema of table " + t);
                    plain(t.substring(dot + 1), "Table");
                } else {
                    plain(t, "Table");
                }
                tables.add(t);
            }
            return this;
        }

        /**
         * Whether each target schema is migrated first, so the schema migrations create its tables; default true.
         *
         * @param value {@code false} to copy into tables that already exist, without migrating
         * @return this builder
         */
        public Builder migrateTarget(boolean value) {
            this.migrateTarget = value;
            return this;
        }

        /**
         * The options of every table copy (see {@link ProjectCopy#options()}); default {@link
         * DataMigrationOptions#defaults()}.
         *
         * @param options the options of every table's data migration
         * @return this builder
         */
        public Builder options(DataMigrationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the project copy.
         *
         * @return the project copy, immutable
         * @throws ConfigurationException when the source or target connection is missing, or a table is named twice
         */
        public ProjectCopy build() {
            if (fromConnection == null) {
                throw new ConfigurationException("Project " + name + " has no source; call from(connection, schema) or "
                        + "from(connection) with qualified tables(...).");
            }
            if (toConnection == null) {
                throw new ConfigurationException("Project " + name + " has no target; call to(connection).");
            }
            List<String> seen = new ArrayList<>();
            for (String t : tables) {
                String qualified = t.contains(".") || fromSchema == null ? t : fromSchema + "." + t;
                if (seen.contains(qualified)) {
                    throw new ConfigurationException("Project " + name + " names table " + qualified + " twice; name "
                            + "each table once.");
                }
                seen.add(qualified);
            }
            return new ProjectCopy(this);
        }

        private static String plain(String value, String what) {
            if (!Identifier.isPlain(value)) {
                throw new InvalidIdentifierException(what + " '" + value + "' is not a plain identifier: use a letter "
                        + "or '_' followed by up to 62 letters, digits or '_' (e.g. auth).");
            }
            return value;
        }
    }
}
