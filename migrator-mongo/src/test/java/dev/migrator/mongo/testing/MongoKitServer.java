package dev.migrator.mongo.testing;

import com.mongodb.client.MongoDatabase;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Transform;
import dev.migrator.api.Transforms;
import dev.migrator.testkit.KitServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * MongoDB as the test kit's server: fresh databases from {@link MongoServers}, scripts as JSON arrays of command
 * documents. A table is a collection, a schema a database, a record's key {@code id} is its {@code _id}.
 */
public final class MongoKitServer implements KitServer {

    /** The one instance: the server is resolved once per JVM by {@link MongoServers}. */
    public static final MongoKitServer INSTANCE = new MongoKitServer();

    private MongoKitServer() {}

    @Override
    public String displayName() {
        return "MongoDB";
    }

    @Override
    public MongoKitDatabase createDatabase() {
        return new MongoKitDatabase(MongoServers.create());
    }

    @Override
    public String providerName() {
        return "mongo [mongodb]";
    }

    @Override
    public List<String> ownUrls() {
        return List.of("mongodb://h/db", "mongodb+srv://h/db");
    }

    @Override
    public List<String> foreignUrls() {
        return List.of("jdbc:postgresql://h/db", "jdbc:mysql://h/db", "jdbc:h2:mem:x");
    }

    @Override
    public List<String> expectedProducts() {
        return List.of("mongodb");
    }

    /** DDL commits with a script only where there are transactions (replica sets, sharded clusters). */
    @Override
    public boolean transactionalDdl() {
        return transactions();
    }

    @Override
    public boolean transactions() {
        return MongoServers.create().transactions();
    }

    @Override
    public Class<?> nativeHandle() {
        return MongoDatabase.class;
    }

    @Override
    public String unreachableUrl() {
        return "mongodb://127.0.0.1:1/app";
    }

    @Override
    public String keyField() {
        return "_id";
    }

    @Override
    public RecordSource source(String connection, String table) {
        return RecordSource.collection(connection, table);
    }

    /** A record keyed by {@code id} gets it as {@code _id}. */
    @Override
    public List<Transform> keyTransforms() {
        return List.of(Transforms.rename("id", "_id"));
    }

    @Override
    public String createModelTable(String table) {
        return createTable(table, new String[0]);
    }

    /** A document's {@code _id} cannot change in MongoDB: the record's key is the primary key itself. */
    @Override
    public Optional<String> createModelTableWithSurrogateKey(String table) {
        return Optional.empty();
    }

    /** A collection keeps every value as it is: nothing can narrow a value on the way in. */
    @Override
    public boolean columnTypes() {
        return false;
    }

    @Override
    public String createDecimalTable(String table, int scale) {
        return createTable(table, new String[0]);
    }

    /** A collection with a unique index on each unique field ({@code createIndexes} creates the collection too). */
    @Override
    public String createTextKeyTable(String table, List<String> uniqueColumns, String... textColumns) {
        if (uniqueColumns.isEmpty()) {
            return createTable(table, textColumns);
        }
        StringBuilder indexes = new StringBuilder();
        for (String column : uniqueColumns) {
            indexes.append(indexes.length() == 0 ? "" : ", ").append("{\"key\": {\"").append(column)
                    .append("\": 1}, \"name\": \"").append(column).append("_unique\", \"unique\": true}");
        }
        return "{\"createIndexes\": \"" + table + "\", \"indexes\": [" + indexes + "]}";
    }

    @Override
    public String createTable(String table, String... textColumns) {
        return "{\"createCollection\": \"" + table + "\"}";
    }

    /** MongoDB enforces no references: a plain collection (the suites check the order through the results). */
    @Override
    public String createTableReferencing(String table, String referenced) {
        return createTable(table, new String[0]);
    }

    @Override
    public String dropTable(String table) {
        return "{\"drop\": \"" + table + "\"}";
    }

    @Override
    public String insert(String table, int id) {
        return "{\"insert\": \"" + table + "\", \"documents\": [{\"_id\": " + id + "}]}";
    }

    @Override
    public String insertText(String table, int id, String column, String text) {
        return "{\"insert\": \"" + table + "\", \"documents\": [{\"_id\": " + id + ", \"" + column + "\": \"" + text + "\"}]}";
    }

    @Override
    public String delete(String table, int id) {
        return "{\"delete\": \"" + table + "\", \"deletes\": [{\"q\": {\"_id\": " + id + "}, \"limit\": 1}]}";
    }

    @Override
    public String scriptFileExtension() {
        return ".json";
    }

    /** Querying a missing collection is no error on MongoDB: a duplicate key is, and its message names the collection. */
    @Override
    public String rejectedStatement(String missingTable) {
        return "{\"insert\": \"" + missingTable + "\", \"documents\": [{\"_id\": 1}, {\"_id\": 1}]}";
    }

    @Override
    public String rejectedState() {
        return "11000";
    }

    @Override
    public String script(String... statements) {
        return "[" + String.join(",\n", statements) + "]";
    }

    /** MongoDB has no sleep command a standalone server accepts: Java code that waits. */
    @Override
    public Script slowScript(String version, String name, Duration duration) {
        return Script.builder(version, name).up(ctx -> Thread.sleep(duration.toMillis())).build();
    }

    /** A collection takes any field: a plain one. */
    @Override
    public String createTypedTable(String table, FieldType key, List<Field> fields) {
        return createTable(table, new String[0]);
    }

    @Override
    public String tableWord() {
        return "collection";
    }

    /** One document, {@code id} as {@code _id}. */
    @Override
    public Object[] sessionRow(dev.migrator.spi.TableInfo table, java.util.Map<String, Object> record) {
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        record.forEach((k, v) -> document.put(k.equals("id") ? "_id" : k, v));
        return new Object[] {document};
    }

    @Override
    public java.util.Map<String, Object> sessionRecord(dev.migrator.spi.TableInfo table, Object[] row) {
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        ((java.util.Map<?, ?>) row[0]).forEach((k, v) -> record.put(k.equals("_id") ? "id" : k.toString(), v));
        return record;
    }

    /** A document carries the fields it has: the collection as it is. */
    @Override
    public dev.migrator.spi.TableInfo sessionFields(dev.migrator.spi.TableInfo table, List<String> fields) {
        return table;
    }
}
