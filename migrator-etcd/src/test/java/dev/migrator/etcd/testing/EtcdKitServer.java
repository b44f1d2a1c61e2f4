package dev.migrator.etcd.testing;

import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Transform;
import dev.migrator.spi.TableInfo;
import dev.migrator.testkit.KitServer;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd as the test kit's server. A "table" {@code t} is the key prefix {@code t/} of a schema, marked by the key
 * {@code t/} itself (value {@code {}}); its record of key {@code id} is the key {@code t/{id}} holding the record as a
 * JSON object. Scripts are JSON arrays of operations.
 */
// tag::kit-server-facts[]
public final class EtcdKitServer implements KitServer {

    /** The one instance: the server is resolved once per JVM by {@link EtcdServers}. */
    public static final EtcdKitServer INSTANCE = new EtcdKitServer();

    private EtcdKitServer() {}

    /**
     * 60 s: each of the sixteen JVMs starts jetcd's gRPC and Netty client before its first request, about a second of
     * CPU each; on two cores that alone takes most of the default 30 s when the machine has other work.
     */
    @Override
    public java.time.Duration sixteenJvmsBound() {
        return java.time.Duration.ofSeconds(60);
    }

    @Override
    public String displayName() {
        return "etcd";
    }

    @Override
    public EtcdKitDatabase createDatabase() {
        return new EtcdKitDatabase(EtcdServers.endpoint());
    }

    @Override
    public String providerName() {
        return "etcd [etcd]";
    }

    @Override
    public List<String> ownUrls() {
        return List.of("etcd://h:2379/app", "etcds://h1:2379,h2:2379/app");
    }

    @Override
    public List<String> foreignUrls() {
        return List.of("jdbc:postgresql://h/db", "mongodb://h/db", "http://h:2379");
    }

    @Override
    public List<String> expectedProducts() {
        return List.of("etcd");
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public boolean transactions() {
        return true;
    }

    @Override
    public Class<?> nativeHandle() {
        return Client.class;
    }

    @Override
    public String unreachableUrl() {
        return "etcd://127.0.0.1:1/app";
    }
    // end::kit-server-facts[]

    @Override
    public String keyField() {
        return "id";
    }

    // tag::not-offered[]
    @Override
    public RecordSource source(String connection, String table) {
        throw new UnsupportedOperationException("the kit's typed-record data suites do not run on etcd (an etcd prefix holds key + value records; EtcdDataMigrationTest covers etcd's data migrations)");
    }

    // end::not-offered[]

    @Override
    public List<Transform> keyTransforms() {
        return List.of();
    }

    @Override
    public String createModelTable(String table) {
        return createTable(table);
    }

    @Override
    public Optional<String> createModelTableWithSurrogateKey(String table) {
        return Optional.empty();
    }

    @Override
    public boolean columnTypes() {
        return false;
    }

    @Override
    public String createDecimalTable(String table, int scale) {
        return createTable(table);
    }

    // tag::kit-server-scripts[]
    @Override
    public String createTable(String table, String... textColumns) {
        // Like CREATE TABLE, it fails when the prefix exists already: its marker must be absent (version 0).
        return "{\"op\": \"compareAndPut\", \"key\": \"" + table + "/\", \"value\": {}, \"expectedVersion\": 0}";
    }

    @Override
    public String createTextKeyTable(String table, List<String> uniqueColumns, String... textColumns) {
        return createTable(table);
    }

    @Override
    public String createTableReferencing(String table, String referenced) {
        return createTable(table);
    }

    @Override
    public String dropTable(String table) {
        return "{\"op\": \"delete\", \"prefix\": \"" + table + "/\"}";
    }

    @Override
    public String insert(String table, int id) {
        return "{\"op\": \"put\", \"key\": \"" + table + "/" + id + "\", \"value\": {\"id\": " + id + "}}";
    }

    // end::kit-server-scripts[]

    @Override
    public String insertText(String table, int id, String column, String text) {
        return "{\"op\": \"put\", \"key\": \"" + table + "/" + id + "\", \"value\": {\"id\": " + id + ", \"" + column
                + "\": \"" + text + "\"}}";
    }

    @Override
    public String delete(String table, int id) {
        return "{\"op\": \"delete\", \"key\": \"" + table + "/" + id + "\"}";
    }

    @Override
    public String scriptFileExtension() {
        return ".json";
    }

    /** etcd rejects nothing for a missing prefix: a compareAndPut expecting its marker to exist fails, naming it. */
    @Override
    public String rejectedStatement(String missingTable) {
        return "{\"op\": \"compareAndPut\", \"key\": \"" + missingTable + "/\", \"value\": {}, \"expectedVersion\": 1}";
    }

    @Override
    public String rejectedState() {
        return "COMPARE_FAILED";
    }

    @Override
    public String script(String... statements) {
        return "[" + String.join(",\n", statements) + "]";
    }

    @Override
    public Script slowScript(String version, String name, Duration duration) {
        return Script.builder(version, name).up(ctx -> Thread.sleep(duration.toMillis())).build();
    }

    @Override
    public String createTypedTable(String table, FieldType key, List<Field> fields) {
        return createTable(table);
    }

    @Override
    public String tableWord() {
        return "key prefix";
    }

    @Override
    public Object[] sessionRow(TableInfo table, Map<String, Object> record) {
        throw new UnsupportedOperationException("the kit's typed-record data session suite does not run on etcd (an etcd prefix holds key + value records; EtcdBackupTest and EtcdDataMigrationTest cover its sessions)");
    }

    @Override
    public Map<String, Object> sessionRecord(TableInfo table, Object[] row) {
        throw new UnsupportedOperationException("the kit's typed-record data session suite does not run on etcd (an etcd prefix holds key + value records; EtcdBackupTest and EtcdDataMigrationTest cover its sessions)");
    }

    @Override
    public TableInfo sessionFields(TableInfo table, List<String> fields) {
        throw new UnsupportedOperationException("the kit's typed-record data session suite does not run on etcd (an etcd prefix holds key + value records; EtcdBackupTest and EtcdDataMigrationTest cover its sessions)");
    }
}
