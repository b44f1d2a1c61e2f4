package dev.migrator.core.fake;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ValueKind;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared plumbing of the engine's fast tests: a fresh fake database per test, managers built on it through the public
 * API (the engine finds the fake backend through {@code META-INF/services}) and closed after the test, and direct looks
 * at what the database holds — never through migrator, so the tests assert outcomes, not what the library says.
 */
abstract class FakeEngineSupport {

    static final String CORE = "core";
    static final String SCHEMA = FakeBackend.DEFAULT_SCHEMA;
    static final String HISTORY = "migrator_history";

    final String dbName = "db_" + UUID.randomUUID().toString().replace("-", "");
    FakeDatabase db;
    private final List<MigrationManager> managers = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        db = FakeDatabase.named(dbName);
    }

    @AfterEach
    void closeEverything() {
        synchronized (managers) {
            managers.forEach(MigrationManager::close);
            managers.clear();
        }
        FakeDatabase.drop(dbName);
    }

    /** A builder with the fake database as connection {@code core} (DDL transactional, as PostgreSQL). */
    MigrationManager.Builder builder() {
        return MigrationManager.builder().connection(CORE, FakeBackendProvider.url(dbName), null, null);
    }

    /** A builder over the same database where each DDL statement commits by itself, as on MySQL. */
    MigrationManager.Builder autocommitDdlBuilder() {
        return MigrationManager.builder().connection(CORE, FakeBackendProvider.autocommitDdlUrl(dbName), null, null);
    }

    /** A manager with these scripts; closed after the test. */
    MigrationManager manager(Script... scripts) {
        return track(builder().scripts(List.of(scripts)).build());
    }

    MigrationManager track(MigrationManager manager) {
        synchronized (managers) {
            managers.add(manager);
        }
        return manager;
    }

    static Target defaultTarget() {
        return Target.of(CORE, SCHEMA);
    }

    /** A script creating table {@code t}, named {@code create_t}, whose down drops it. */
    static Script createTable(String version, String table) {
        return Script.of(version, "create_" + table, "create " + table, "drop " + table);
    }

    /**
     * Creates a table in the default schema (and the schema when missing) as a test's setup, outside migrator:
     * {@code columns} as in the fake language, e.g. {@code "id:integer name:string"}, the first column the key.
     */
    void table(String name, String columns) {
        table(SCHEMA, name, columns);
    }

    /** As {@link #table(String, String)}, in another schema. */
    void table(String schema, String name, String columns) {
        db.createSchema(schema);
        List<ColumnInfo> list = new ArrayList<>();
        for (String c : columns.split("\\s+")) {
            String[] nameKind = c.split(":");
            ValueKind kind = ValueKind.valueOf(nameKind[1].toUpperCase(java.util.Locale.ROOT));
            list.add(ColumnInfo.of(nameKind[0], nameKind[1], kind));
        }
        db.change(s -> s.schema(schema).tables.put(name, new FakeTable(schema, name, list)));
    }

    /** Inserts rows into a table of the default schema, outside migrator. */
    void insert(String table, List<Map<String, Object>> rows) {
        db.change(s -> {
            FakeTable t = s.table(SCHEMA, table);
            rows.forEach(r -> t.insert(t.rowOf(r)));
        });
    }

    /** The rows of a table of the default schema as {@code v1|v2|...}, in key order. */
    List<String> rows(String table) {
        return db.rows(SCHEMA, table).stream()
                .map(r -> String.join("|", r.values().stream().map(String::valueOf).toList()))
                .toList();
    }

    List<HistoryRow> history() {
        return db.history(SCHEMA, HISTORY);
    }

    List<String> historyVersions() {
        return history().stream().map(HistoryRow::version).toList();
    }

    HistoryRow historyRow(String version) {
        return history().stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow();
    }

    boolean tableExists(String table) {
        return db.tableExists(SCHEMA, table);
    }

    int rowCount(String table) {
        return db.rows(SCHEMA, table).size();
    }
}
