package dev.migrator.testkit;

import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Transform;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One backend under test, as the kit's suites see it: fresh databases on a running server, the backend's facts the
 * contract checks, and a few scripts in the backend's own language (SQL text, MongoDB command documents). A suite
 * writes its scripts only through these methods, so the same assertion holds on every backend.
 *
 * <p>A backend's tests implement it once and extend each suite with {@code server()} returning it. Implementations
 * are stateless or thread-safe; each {@link #createDatabase()} is a database of its own.
 */
public interface KitServer {

    /** The backend's name in test reports, e.g. {@code PostgreSQL 15}. */
    String displayName();

    /** A fresh, uniquely named database (PostgreSQL/MariaDB database, MongoDB database); its close drops it. */
    KitDatabase createDatabase();

    // ---- the backend's facts, checked by BackendContract

    /** What {@link dev.migrator.spi.BackendProvider#name()} must say. */
    String providerName();

    /** Connection URLs of this backend's schemes, which its provider must support (no server is reached). */
    List<String> ownUrls();

    /** Connection URLs of other backends, which its provider must refuse. */
    List<String> foreignUrls();

    /** The products {@link dev.migrator.spi.Backend#product()} may report. */
    List<String> expectedProducts();

    /** Whether DDL is transactional. */
    boolean transactionalDdl();

    /** Whether the server runs statements and history writes in one transaction (false: a MongoDB standalone). */
    boolean transactions();

    /** The native handle {@link dev.migrator.spi.TargetSession#unwrap(Class)} returns for Java migrations. */
    Class<?> nativeHandle();

    /** A URL of this backend on 127.0.0.1 port 1, where nothing listens. */
    String unreachableUrl();

    /**
     * How long sixteen JVMs released at once may take to migrate one schema ({@link ConcurrencyContract}): a bound that
     * finds a hang or a lock that is never passed on, not a speed target. 30 s by default; a backend whose client costs
     * much CPU to start (etcd's gRPC client, on two cores) may need more.
     */
    default java.time.Duration sixteenJvmsBound() {
        return java.time.Duration.ofSeconds(30);
    }

    // ---- data migrations

    /** The key field of records as they cross migrator ({@code id}; MongoDB's {@code _id}). */
    String keyField();

    /** The records of a table (collection) of a connection's default schema, as a data migration's source. */
    RecordSource source(String connection, String table);

    /**
     * The transforms that turn a record keyed by {@code id} into one keyed by {@link #keyField()}: none, or MongoDB's
     * rename of {@code id} to {@code _id}. A suite puts them after its own transforms.
     */
    List<Transform> keyTransforms();

    /**
     * One statement creating the table (collection) of {@link DataRunModel}'s sequences: text key {@code id} (up to 20
     * characters), text {@code name}, integer {@code n} and text {@code updatedAt}, none of them nullable.
     */
    String createModelTable(String table);

    /**
     * Like {@link #createModelTable(String)}, but the primary key is a text column {@code pk} (up to 40 characters) and
     * {@code id} a unique key, so that a data migration can be seen to keep a row's primary key; empty where a
     * record's key is its primary key (MongoDB's {@code _id}).
     */
    Optional<String> createModelTableWithSurrogateKey(String table);

    // ---- backups

    /**
     * Whether a table's columns have types, so that a restore into a table of narrower types can change values on the
     * way in (false: MongoDB, whose collections keep every value as it is).
     */
    boolean columnTypes();

    /**
     * One statement creating a table with an integer key {@code id} and a decimal column {@code amount} of {@code
     * scale} decimals (MongoDB: a plain collection).
     */
    String createDecimalTable(String table, int scale);

    // ---- scripts in the backend's language

    /**
     * One statement creating a table (collection) with an integer key {@code id} and nullable text columns (MongoDB
     * collections take any field: it names none).
     */
    String createTable(String table, String... textColumns);

    /**
     * One statement creating a table with a text key {@code id} (up to 40 characters) and nullable text columns, each of
     * {@code uniqueColumns} unique (MongoDB: a collection with a unique index on each of them), so that a data migration
     * can upsert by one of them.
     */
    String createTextKeyTable(String table, List<String> uniqueColumns, String... textColumns);

    /**
     * One statement creating a table whose rows reference {@code referenced}, so that dropping {@code referenced}
     * first fails where the database enforces references (MongoDB does not: a plain collection).
     */
    String createTableReferencing(String table, String referenced);

    /** One statement dropping a table (collection). */
    String dropTable(String table);

    /** One statement inserting a record whose key {@code id} is {@code id}. */
    String insert(String table, int id);

    /**
     * One statement inserting a record of key {@code id} whose text field {@code column} is {@code text}, written into
     * the statement as it is (so a suite can pass a placeholder such as {@code ${environment}}).
     */
    String insertText(String table, int id, String column, String text);

    /** One statement deleting the record whose key {@code id} is {@code id}. */
    String delete(String table, int id);

    /** The file name extension of this backend's script files, with its dot ({@code .sql}, {@code .json}). */
    String scriptFileExtension();

    /** One statement the server rejects because {@code missingTable} does not exist; its message names it. */
    String rejectedStatement(String missingTable);

    /** The state (SQLSTATE, MongoDB code and name) {@link dev.migrator.spi.StatementException#sqlState()} reports for it. */
    String rejectedState();

    /** Statements joined into one script text (SQL separated by semicolons, a JSON array of commands). */
    String script(String... statements);

    /** A script that takes about {@code duration} to run and changes nothing. */
    Script slowScript(String version, String name, Duration duration);

    /** A script creating one table and dropping it on the way down. */
    default Script createTableScript(String version, String table) {
        return Script.of(version, "create_" + table, script(createTable(table)), script(dropTable(table)));
    }

    // ---- typed records, for DataMigrationContract

    /**
     * One statement creating a table (collection) whose key {@code id} is of type {@code key} and whose other fields,
     * all nullable, are of the given types, each mapped to the backend's own column type (MongoDB: a plain collection,
     * which takes any field).
     */
    String createTypedTable(String table, FieldType key, List<Field> fields);

    /** The word the engine's messages use for a table: {@code table}, or {@code collection} on MongoDB. */
    String tableWord();

    /** The kinds of field {@link #createTypedTable} knows, with the Java values a suite writes into each. */
    enum FieldType {
        /** Text up to 200 characters ({@code String}). */
        TEXT,
        /** A 64-bit integer ({@code Long}, {@code Integer}). */
        BIGINT,
        /** A decimal of two fraction digits ({@code BigDecimal}). */
        DECIMAL,
        /** {@code Boolean}. */
        BOOLEAN,
        /** A point in time ({@code LocalDateTime}, taken as UTC). */
        TIMESTAMP,
        /** A JSON document ({@code Map} of JSON values; a nested document on MongoDB). */
        JSON
    }

    /** One field of a {@link #createTypedTable typed table}. */
    record Field(String name, FieldType type) {}

    // ---- data sessions, for DataSessionContract

    /**
     * A record as a data session carries it: on SQL databases the values of {@code table}'s columns in their order, on
     * MongoDB one document. The record's key is {@code id} (MongoDB's {@code _id}).
     */
    Object[] sessionRow(dev.migrator.spi.TableInfo table, java.util.Map<String, Object> record);

    /** The inverse of {@link #sessionRow}: a row a data session read, as a record whose key is {@code id}. */
    java.util.Map<String, Object> sessionRecord(dev.migrator.spi.TableInfo table, Object[] row);

    /**
     * The table as a data session writes only these fields of its records (SQL: just those columns, in this order;
     * MongoDB: the collection itself, whose documents carry the fields they have).
     */
    dev.migrator.spi.TableInfo sessionFields(dev.migrator.spi.TableInfo table, List<String> fields);
}
