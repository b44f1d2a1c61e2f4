package dev.migrator.api;

import java.util.List;
import java.util.Objects;

/**
 * Where a data migration writes one record type: a table (JDBC) or collection (MongoDB) of a connection and the key
 * fields that identify a record there, used to find conflicts and to upsert.
 *
 * @param connection the manager's connection name
 * @param table {@code schema.table} / {@code database.collection}, or a name in the connection's default schema
 * @param keys the key fields (a table's primary key or a unique key; MongoDB: usually {@code _id}); at least one
 */
public record DataTarget(String connection, String table, List<String> keys) {

    /**
     * Copies the keys and checks they are given.
     *
     * @param connection the manager's connection name
     * @param table {@code schema.table} / {@code database.collection}, or a name in the connection's default schema
     * @param keys the key fields (a table's primary key or a unique key; MongoDB: usually {@code _id}); at least one
     */
    public DataTarget {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(table, "table");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new ConfigurationException("The data target " + table + " has no key fields; give the fields that "
                    + "identify a record, e.g. DataTarget.of(\"core\", \"app.tasks\", \"id\").");
        }
    }

    /**
     * {@return a target table or collection with its key fields}
     *
     * @param connection the manager's connection name
     * @param table {@code schema.table}, or {@code database.collection} on MongoDB
     * @param keys the fields that identify a record, at least one
     */
    public static DataTarget of(String connection, String table, String... keys) {
        return new DataTarget(connection, table, List.of(keys));
    }
}
