package dev.migrator.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a data migration reads its records. Each kind is read in a stable order, so a run that stops resumes exactly
 * after the last record it committed: tables in primary-key order, collections in {@code _id} order, files and
 * iterables in their own order, queries in the order their {@code ORDER BY} gives (a query must have one).
 */
public sealed interface RecordSource {

    /** {@return a short description for logs and reports, never with credentials} */
    String describe();

    /**
     * Every row of a table, in primary-key order; records have the table's name (without schema) as type.
     *
     * @param connection the manager's connection name
     * @param table {@code schema.table}, or {@code table} in the connection's default schema
     * @param where a SQL condition rows must meet (e.g. {@code created_at >= '2024-01-01'}), or {@code null}; it is
     *     the caller's own SQL, never text from outside
     */
    record Table(String connection, String table, String where) implements RecordSource {
        /**
         * Checks that the connection and table are given.
         *
         * @param connection the manager's connection name
         * @param table {@code schema.table}, or {@code table} in the connection's default schema
         * @param where a SQL condition rows must meet, or {@code null} for every row
         * @throws NullPointerException when {@code connection} or {@code table} is {@code null}
         */
        public Table {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String describe() {
            return "table " + table + " of '" + connection + "'" + (where == null ? "" : " where " + where);
        }
    }

    /**
     * The rows of a SQL query; resumed by skipping the rows already committed, so the query needs an {@code ORDER BY}
     * on a unique key.
     *
     * @param type the records' type
     */
    record Query(String connection, String type, String sql) implements RecordSource {
        /**
         * Checks that every component is given.
         *
         * @param connection the manager's connection name
         * @param type the records' type
         * @param sql the query; it needs an {@code ORDER BY} on a unique key
         * @throws NullPointerException when a component is {@code null}
         */
        public Query {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(sql, "sql");
        }

        @Override
        public String describe() {
            return "query of '" + connection + "' as " + type;
        }
    }

    /**
     * The documents of a MongoDB collection, in {@code _id} order; records have the collection's name as type and the
     * documents' fields ({@code _id} included).
     *
     * @param collection {@code database.collection}, or {@code collection} in the connection's database
     * @param filter a query filter as (Extended) JSON, e.g. {@code {"status": "active"}}, or {@code null}
     */
    record Collection(String connection, String collection, String filter) implements RecordSource {
        /**
         * Checks that the connection and collection are given.
         *
         * @param connection the manager's connection name
         * @param collection {@code database.collection}, or {@code collection} in the connection's database
         * @param filter a query filter as (Extended) JSON, e.g. {@code {"status": "active"}}, or {@code null}
         * @throws NullPointerException when {@code connection} or {@code collection} is {@code null}
         */
        public Collection {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(collection, "collection");
        }

        @Override
        public String describe() {
            return "collection " + collection + " of '" + connection + "'" + (filter == null ? "" : " matching " + filter);
        }
    }

    /**
     * A JSON file, streamed: an array of objects, one object mapping keys to arrays of objects (a browser's
     * {@code localStorage} export: each key is a record type), or newline-delimited JSON (files ending
     * {@code .ndjson} or {@code .jsonl}, or {@link #type} given with a file of one object per line).
     *
     * @param type the records' type for an array or NDJSON file; {@code null} for an object of arrays
     */
    record JsonFile(Path path, String type) implements RecordSource {
        /**
         * Checks that the path is given.
         *
         * @param path the file to read
         * @param type the records' type for an array or NDJSON file; {@code null} for an object of arrays
         * @throws NullPointerException when {@code path} is {@code null}
         */
        public JsonFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "file " + path + (type == null ? "" : " as " + type);
        }
    }

    /**
     * One table or collection of a backup in the manager's {@link BackupStore}.
     *
     * @param table the backup's table name ({@code schema.table})
     * @param key the backup's passphrase or key, or {@code null} when it is not encrypted
     */
    record Backup(String backupId, String table, BackupKey key) implements RecordSource {
        /**
         * Checks that the backup and table are given.
         *
         * @param backupId the backup's id in the manager's backup store
         * @param table the backup's table name ({@code schema.table})
         * @param key the backup's passphrase or key, or {@code null} when it is not encrypted
         * @throws NullPointerException when {@code backupId} or {@code table} is {@code null}
         */
        public Backup {
            Objects.requireNonNull(backupId, "backupId");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String describe() {
            return "backup " + backupId + " table " + table;
        }
    }

    /**
     * Any iterable of field maps, read in its iteration order (which must be the same on every run for resuming).
     *
     * @param type the records' type
     */
    record Records(String type, Iterable<? extends Map<String, ?>> records) implements RecordSource {
        /**
         * Checks that the type and records are given.
         *
         * @param type the records' type
         * @param records the field maps, one per record, read in iteration order
         * @throws NullPointerException when {@code type} or {@code records} is {@code null}
         */
        public Records {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(records, "records");
        }

        @Override
        public String describe() {
            return "records of type " + type;
        }
    }

    /**
     * A table's rows (see {@link Table}).
     *
     * @param connection the manager's connection name
     * @param table {@code schema.table}, or {@code table} in the connection's default schema
     * @return a source reading every row in primary-key order
     */
    static RecordSource table(String connection, String table) {
        return new Table(connection, table, null);
    }

    /**
     * A table's rows meeting a SQL condition (see {@link Table}).
     *
     * @param connection the manager's connection name
     * @param table {@code schema.table}, or {@code table} in the connection's default schema
     * @param where a SQL condition rows must meet, e.g. {@code created_at >= '2024-01-01'}; the caller's own SQL, never
     *     text from outside
     * @return a source reading the matching rows in primary-key order
     */
    static RecordSource table(String connection, String table, String where) {
        return new Table(connection, table, where);
    }

    /**
     * A query's rows (see {@link Query}).
     *
     * @param connection the manager's connection name
     * @param type the type the records get
     * @param sql the query, with an {@code ORDER BY} on a unique key
     * @return a source reading the query's rows in its order
     */
    static RecordSource query(String connection, String type, String sql) {
        return new Query(connection, type, sql);
    }

    /**
     * A collection's documents (see {@link Collection}).
     *
     * @param connection the manager's connection name
     * @param collection {@code database.collection}, or {@code collection} in the connection's database
     * @return a source reading every document in {@code _id} order
     */
    static RecordSource collection(String connection, String collection) {
        return new Collection(connection, collection, null);
    }

    /**
     * A collection's documents matching a filter (see {@link Collection}).
     *
     * @param connection the manager's connection name
     * @param collection {@code database.collection}, or {@code collection} in the connection's database
     * @param filterJson a query filter as (Extended) JSON, e.g. {@code {"status": "active"}}
     * @return a source reading the matching documents in {@code _id} order
     */
    static RecordSource collection(String connection, String collection, String filterJson) {
        return new Collection(connection, collection, filterJson);
    }

    /**
     * A JSON file of an object of arrays (localStorage export), an array, or NDJSON (see {@link JsonFile}).
     *
     * @param path the file to read
     * @return a source streaming the file's records in file order
     */
    static RecordSource jsonFile(Path path) {
        return new JsonFile(path, null);
    }

    /**
     * A JSON array or NDJSON file whose records all have one type.
     *
     * @param path an array or NDJSON file
     * @param type the type every record gets
     * @return a source streaming the file's records in file order
     */
    static RecordSource jsonFile(Path path, String type) {
        return new JsonFile(path, type);
    }

    /**
     * A table of a backup (see {@link Backup}).
     *
     * @param backupId the backup's id in the manager's backup store
     * @param table the backup's table name ({@code schema.table})
     * @param key the backup's passphrase or key, or {@code null} when it is not encrypted
     * @return a source reading the table's rows in file order
     */
    static RecordSource backup(String backupId, String table, BackupKey key) {
        return new Backup(backupId, table, key);
    }

    /**
     * Records from an iterable (see {@link Records}).
     *
     * @param type the type every record gets
     * @param records the field maps, read in iteration order, which must be the same on every run for resuming
     * @return a source reading the records in iteration order
     */
    static RecordSource of(String type, Iterable<? extends Map<String, ?>> records) {
        return new Records(type, records);
    }
}
