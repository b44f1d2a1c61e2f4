package dev.migrator.mongo.testing;

import com.mongodb.client.MongoDatabase;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.testkit.KitServer;
import java.time.Duration;
import java.util.List;

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
