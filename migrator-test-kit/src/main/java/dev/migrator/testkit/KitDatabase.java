package dev.migrator.testkit;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.HistoryRow;
import java.util.List;
import java.util.Map;

/**
 * One fresh database on a {@link KitServer}, and a direct look at what it holds. Everything here talks to the
 * database itself, never through migrator: the suites assert outcomes in the database, not what the library says
 * about itself. {@link #close()} drops the database and every schema made by {@link #schemaName(String)}.
 */
public interface KitDatabase extends AutoCloseable {

    /** The settings of a connection named {@code name} to this database. */
    ConnectionConfig config(String name);

    /** The schema a target without one uses ({@code public}; the database itself on MariaDB and MongoDB). */
    String defaultSchema();

    /** What the history records as {@code installed_by} when the manager is not told. */
    String installedBy();

    /**
     * A schema (a database on MariaDB and MongoDB) name unique to this database, ending in {@code suffix}; not
     * created here, dropped by {@link #close()}.
     */
    String schemaName(String suffix);

    /** Creates a schema (a MySQL database; on MongoDB nothing: a database is created by its first write). */
    void createSchema(String schema);

    /** Runs one statement in the backend's language ({@link KitServer#createTable} and the like) on a schema. */
    void execute(String schema, String statement);

    /** The tables (collections) of a schema, sorted by name. */
    List<String> tables(String schema);

    /** Whether the schema exists (a MongoDB database exists once it holds a collection). */
    boolean schemaExists(String schema);

    /** Whether the table (collection) exists. */
    boolean tableExists(String schema, String table);

    /** The number of records of a table (collection). */
    long count(String schema, String table);

    /**
     * Every record of a table (collection), ordered by its key {@code id} (MongoDB's {@code _id} is read as {@code
     * id}); values as the driver returns them.
     */
    List<Map<String, Object>> read(String schema, String table);

    /** Inserts records, in one batch; their key is {@code id}, and all have the fields of the first. */
    void insert(String schema, String table, List<Map<String, Object>> records);

    /**
     * Sets fields of the record whose key is {@code id}, the others left as they are.
     *
     * @throws IllegalStateException when there is no such record
     */
    void update(String schema, String table, Object id, Map<String, Object> fields);

    /** Deletes the record whose key is {@code id}. */
    void delete(String schema, String table, Object id);

    /** The field (column) names of a history table, lower case, or empty when it does not exist. */
    List<String> historyFields(String schema, String table);

    /** A history table's rows by rank, read directly; empty when it does not exist. */
    List<HistoryRow> history(String schema, String table);

    /** The settings of the backend's metadata loader named {@code name}, storing its items in the default schema. */
    MetadataLoaderConfig metadataLoader(String name);

    /** Drops the database and the schemas named by {@link #schemaName(String)}. */
    @Override
    void close();

    // ---- data sessions, for DataSessionContract

    /**
     * The states stored for a data migration's checkpoint in a schema's {@code migrator_data_checkpoints} table
     * (collection), read directly: empty when none is committed.
     */
    List<String> checkpointStates(String schema, String migration);
}
