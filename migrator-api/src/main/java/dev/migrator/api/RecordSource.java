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

    /** A short description for logs and reports, never with credentials. */
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
        public Records {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(records, "records");
        }

        @Override
        public String describe() {
            return "records of type " + type;
        }
    }

    /** A table's rows (see {@link Table}). */
    static RecordSource table(String connection, String table) {
        return new Table(connection, table, null);
    }

    /** A table's rows meeting a SQL condition (see {@link Table}). */
    static RecordSource table(String connection, String table, String where) {
        return new Table(connection, table, where);
    }

    /** A query's rows (see {@link Query}). */
    static RecordSource query(String connection, String type, String sql) {
        return new Query(connection, type, sql);
    }

    /** A collection's documents (see {@link Collection}). */
    static RecordSource collection(String connection, String collection) {
        return new Collection(connection, collection, null);
    }

    /** A collection's documents matching a filter (see {@link Collection}). */
    static RecordSource collection(String connection, String collection, String filterJson) {
        return new Collection(connection, collection, filterJson);
    }

    /** A JSON file of an object of arrays (localStorage export), an array, or NDJSON (see {@link JsonFile}). */
    static RecordSource jsonFile(Path path) {
        return new JsonFile(path, null);
    }

    /** A JSON array or NDJSON file whose records all have one type. */
    static RecordSource jsonFile(Path path, String type) {
        return new JsonFile(path, type);
    }

    /** A table of a backup (see {@link Backup}). */
    static RecordSource backup(String backupId, String table, BackupKey key) {
        return new Backup(backupId, table, key);
    }

    /** Records from an iterable (see {@link Records}). */
    static RecordSource of(String type, Iterable<? extends Map<String, ?>> records) {
        return new Records(type, records);
    }
}
