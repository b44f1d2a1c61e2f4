package dev.migrator.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Where scripts apply: a named connection and a schema (a database on MySQL/MariaDB and MongoDB).
 *
 * <p>A schema may be a pattern with an {@code {environment}} placeholder, such as {@code cli_{environment}}; it is
 * expanded for each environment the manager knows. A target without a schema means the connection's default schema
 * ({@code public} on PostgreSQL, the URL's database on MySQL); results always report the resolved schema.
 *
 * @param connection the connection's name, as given to the builder
 * @param schema the schema or schema pattern, or {@code null} for the connection's default
 */
public record Target(String connection, String schema) {

    /** Placeholder replaced by an environment id in schema patterns. */
    public static final String ENVIRONMENT_PLACEHOLDER = "{environment}";

    /**
     * Validates the connection name.
     *
     * @param connection the connection's name, as given to the builder
     * @param schema the schema or schema pattern, or {@code null} for the connection's default
     */
    public Target {
        Objects.requireNonNull(connection, "connection");
        if (connection.isBlank()) {
            throw new ConfigurationException("A target's connection name is blank; use the name given to connection(...).");
        }
        if (schema != null && schema.isBlank()) {
            schema = null;
        }
    }

    /**
     * {@return the connection's default schema}
     *
     * @param connection the connection's name
     */
    public static Target of(String connection) {
        return new Target(connection, null);
    }

    /**
     * {@return a schema (or schema pattern such as {@code cli_{environment}}) of a connection}
     *
     * @param connection the connection's name
     * @param schema the schema, or a pattern such as {@code cli_{environment}}
     */
    public static Target of(String connection, String schema) {
        return new Target(connection, schema);
    }

    /** {@return the schema, when one is named} */
    public Optional<String> schemaName() {
        return Optional.ofNullable(schema);
    }

    /** {@return whether the schema is a pattern still holding {@code {environment}}} */
    public boolean isPattern() {
        return schema != null && schema.contains(ENVIRONMENT_PLACEHOLDER);
    }

    /**
     * {@return this target with {@code {environment}} in its schema replaced by the given environment id}
     *
     * @param environment an environment id, e.g. {@code staging_2}
     */
    public Target forEnvironment(String environment) {
        return schema == null ? this : new Target(connection, schema.replace(ENVIRONMENT_PLACEHOLDER, environment));
    }

    /** Equal when both components are: what the record would generate, written out (see {@link #hashCode()}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Target t && connection.equals(t.connection) && Objects.equals(schema, t.schema);
    }

    /**
     * Written out rather than generated: a record's generated {@code equals}/{@code hashCode} are bootstrapped through
     * {@code java.lang.runtime.ObjectMethods} on first call, some fifty classes and method handles that an application
     * start (whose first map keyed by target calls it) would otherwise pay for.
     */
    @Override
    public int hashCode() {
        return 31 * connection.hashCode() + Objects.hashCode(schema);
    }

    /** {@code connection/schema}, or {@code connection} for the default schema. */
    @Override
    public String toString() {
        return schema == null ? connection : connection + "/" + schema;
    }
}
