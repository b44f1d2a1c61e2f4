package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.DataVerification;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data migrations on the SQL servers where what is checked is SQL's own: a column's type refusing a value (error rate
 * and restore, continue on error), a missing key column, a server-side session killed mid-run, and query sources. The
 * engine behaviour every backend shares is the test kit's {@code DataMigrationContract}.
 */
abstract class AbstractDataMigrationTest extends ItSupport {

    @TempDir
    Path dir;

    AbstractDataMigrationTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** A timestamp-with-zone column type. */
    abstract String timestampType();

    /** A JSON column type. */
    abstract String jsonType();

    /** Ends every other connection to the test database, as a failover or an operator would. */
    abstract void killOtherConnections();

    MigrationManager manager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    /** Every row of a table as text, ordered by its first column. */
    List<String> rows(String schema, String table, String columns) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + q(schema) + "." + q(table) + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void usersTable(String schema, int rows) {
        sql("CREATE TABLE " + q(schema) + ".users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, "
                + "balance numeric(12,2), active boolean, seen " + timestampType() + " NULL, prefs " + jsonType() + ")");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            values.append(values.length() == 0 ? "" : ",").append("(").append(i).append(", 'user").append(i)
                    .append("@example.com', ").append(i).append(".25, ").append(i % 2 == 0 ? "true" : "false")
                    .append(", '2025-01-0").append(1 + i % 9).append(" 10:00:00', '{\"n\": ").append(i).append("}')");
            if (i % 500 == 0 || i == rows) {
                sql("INSERT INTO " + q(schema) + ".users VALUES " + values);
                values.setLength(0);
            }
        }
    }


    @Test
    void migrateData_pastTheErrorRate_failsAndRestoresTheTargetFromItsBackup() throws Exception {
        String schema = uniqueSchema("dm_rate");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".items (id bigint PRIMARY KEY, price numeric(10,2))",
                "INSERT INTO " + q(schema) + ".items VALUES (1, 9.99), (2, 19.99)");
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            records.add(Map.of("id", i, "price", i % 3 == 0 ? "not a number" : i + ".50"));
        }
        Path errors = dir.resolve("errors.ndjson");

        assertThatThrownBy(() -> manager().migrateData(DataMigration.builder("rate")
                .source(RecordSource.of("items", records))
                .target(DataTarget.of(CORE, schema + ".items", "id")).conflict(ConflictStrategy.overwrite()).build(),
                DataMigrationOptions.builder().batchSize(50).continueOnError(true).errorLog(errors).maxErrorRate(0.2).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR_RATE);
                    assertThat(e.getMessage()).contains("more than maxErrorRate 20.0 %").contains("restored from backup");
                    assertThat(e.result().restored()).isTrue();
                });
        assertThat(rows(schema, "items", "id, price")).containsExactly("1|9.99", "2|19.99");
        assertThat(Files.readAllLines(errors)).isNotEmpty().first().asString()
                .contains("field 'price' has the value 'not a number'").contains("\"position\":2");
    }

    @Test
    void migrateData_continueOnError_logsRejectedRecordsAndWritesTheRest() throws Exception {
        String schema = uniqueSchema("dm_coe");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".items (id bigint PRIMARY KEY, name varchar(50) NOT NULL, qty int)");
        Path errors = dir.resolve("errors.ndjson");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("coe")
                .source(RecordSource.of("items", List.of(Map.of("id", 1, "name", "a", "qty", 1),
                        Map.of("name", "no key"), Map.of("id", 3, "name", "c", "qty", "x3"), Map.of("id", 4, "name", "d"))))
                .schema("items", "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {\"name\": "
                        + "{\"type\": \"string\", \"minLength\": 1}}}")
                .target(DataTarget.of(CORE, schema + ".items", "id")).build(),
                DataMigrationOptions.builder().continueOnError(true).maxErrorRate(0.6).errorLog(errors).build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.rejections()).extracting(DataMigrationResult.Rejection::reason)
                .anySatisfy(reason -> assertThat(reason).contains("key field 'id' is missing"))
                .anySatisfy(reason -> assertThat(reason).contains("field 'qty' has the value 'x3'"));
        assertThat(rows(schema, "items", "id, name")).containsExactly("1|a", "4|d");
        assertThat(Files.readAllLines(errors)).hasSize(2);
        assertThat(r.errorLog()).contains(errors);
    }

    @Test
    void migrateData_missingTargetTableOrKeyColumn_isRefusedBeforeAnythingIsWritten() {
        String schema = uniqueSchema("dm_missing");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".present (id bigint PRIMARY KEY, name varchar(10))");
        MigrationManager m = manager();

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("missing_table")
                .source(RecordSource.of("x", List.of(Map.of("id", 1))))
                .target(DataTarget.of(CORE, schema + ".absent", "id")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains(schema + ".absent does not exist").contains("Nothing was written");
                });
        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("missing_key")
                .source(RecordSource.of("x", List.of(Map.of("id", 1))))
                .target(DataTarget.of(CORE, schema + ".present", "uuid")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains("has no key column uuid");
                });
        assertThat(m.backups().list()).isEmpty();
    }

    @Test
    void migrateData_connectionKilledMidRun_retriesTheBatchOnANewConnection() {
        String schema = uniqueSchema("dm_retry");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".items (id bigint PRIMARY KEY, name varchar(50))");
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 1; i <= 3_000; i++) {
            records.add(Map.of("id", i, "name", "n" + i));
        }
        AtomicInteger seen = new AtomicInteger();

        DataMigrationResult r = manager().migrateData(DataMigration.builder("retry")
                .source(RecordSource.of("items", records))
                .transform(rec -> {
                    if (seen.incrementAndGet() == 1_200) {
                        killOtherConnections(); // the writer's connection dies between two batches
                    }
                    return rec;
                })
                .target(DataTarget.of(CORE, schema + ".items", "id")).build(),
                DataMigrationOptions.builder().batchSize(500).backup(false).retryBackoff(java.time.Duration.ofMillis(50))
                        .build());

        assertThat(r.written()).isEqualTo(3_000);
        assertThat(rowCount(schema, "items")).isEqualTo(3_000);
    }

    @Test
    void migrateData_queryWithParallelTransformsAndAFilter_writesInSourceOrder() {
        String schema = uniqueSchema("dm_query");
        createSchema(schema);
        usersTable(schema, 1_500);
        sql("CREATE TABLE " + q(schema) + ".active_users (id bigint PRIMARY KEY, email varchar(200), seq int)");
        AtomicInteger calls = new AtomicInteger();
        List<String> hooks = new CopyOnWriteArrayList<>();

        DataMigrationResult r = manager().migrateData(DataMigration.builder("query_parallel")
                .source(RecordSource.query(CORE, "users", "SELECT id, email FROM " + q(schema) + ".users WHERE active "
                        + "ORDER BY id"))
                .transform(rec -> rec.with("seq", calls.incrementAndGet()))
                .target(DataTarget.of(CORE, schema + ".active_users", "id")).build(),
                DataMigrationOptions.builder().batchSize(100).parallelism(4)
                        .filter(rec -> ((Number) rec.get("id")).longValue() <= 1_000)
                        .listener(new DataMigrationListener() {
                            @Override
                            public void before(DataMigration mig, DataMigrationOptions opts) {
                                hooks.add("before " + mig.name());
                            }

                            @Override
                            public void after(DataMigrationResult res) {
                                hooks.add("after " + res.written());
                            }
                        }).build());

        assertThat(r.read()).isEqualTo(750);
        assertThat(r.written()).isEqualTo(500);
        assertThat(r.skipped()).isEqualTo(250);
        assertThat(rows(schema, "active_users", "id, email")).containsExactlyElementsOf(
                queryStrings("SELECT " + (postgres() ? "id || '|' || email" : "concat(id, '|', email)") + " FROM "
                        + q(schema) + ".users WHERE active AND id <= 1000 ORDER BY id"));
        assertThat(hooks).containsExactly("before query_parallel", "after 500");
    }

    private static Map<String, Object> item(long id, String name) {
        return Map.of("id", id, "name", name);
    }

    /**
     * Overwrite into a table that holds some of the keys, a key repeated inside a batch and across batches: rows
     * inserted and overwrite conflicts are counted exactly as a look-up counts them (PostgreSQL upserts without
     * looking keys up and counts what the database did), so the verification expects the rows there are.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 100})
    void migrateData_overwriteIntoATableHoldingSomeKeys_countsInsertsAndConflictsExactly(int batchSize) {
        String schema = uniqueSchema("dm_ow" + batchSize);
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".items (id bigint PRIMARY KEY, name varchar(50) NOT NULL, note varchar(50))",
                "INSERT INTO " + q(schema) + ".items VALUES (2, 'old2', 'kept'), (4, 'old4', NULL), (6, 'old6', 'x')");
        List<Map<String, Object>> records = List.of(item(1, "new1"), item(2, "new2"), item(3, "new3"), item(4, "new4"),
                item(3, "again3"), item(5, "new5"), item(6, "new6"), item(4, "again4"), item(7, "new7"));
        DataMigration m = DataMigration.builder("overwrite_counts").source(RecordSource.of("items", records))
                .target(DataTarget.of(CORE, schema + ".items", "id")).conflict(ConflictStrategy.overwrite()).build();
        MigrationManager manager = manager();

        if (batchSize >= records.size()) {
            // One batch: a dry run, which always looks keys up, counts the same.
            DataMigrationResult dry = manager.migrateData(m, DataMigrationOptions.builder().batchSize(batchSize)
                    .dryRun(true).build());
            assertThat(dry.written()).isEqualTo(9);
            assertThat(dry.conflicts()).isEqualTo(Map.of("overwrite", 5L));
        }
        DataMigrationResult r = manager.migrateData(m, DataMigrationOptions.builder().batchSize(batchSize).build());

        assertThat(r.read()).isEqualTo(9);
        assertThat(r.written()).isEqualTo(9);
        assertThat(r.conflicts()).isEqualTo(Map.of("overwrite", 5L)); // 2, 4, 6 existing; 3 and 4 again
        DataVerification v = r.verification().orElseThrow();
        assertThat(v.isValid()).as(v.problems().toString()).isTrue();
        assertThat(v.tables()).singleElement().satisfies(t -> {
            assertThat(t.expectedRows()).isEqualTo(7); // the 3 rows there + the 4 this run inserted (1, 3, 5, 7)
            assertThat(t.targetRows()).isEqualTo(7);
        });
        assertThat(rows(schema, "items", "id, name, note")).containsExactly("1|new1|null", "2|new2|kept", "3|again3|null",
                "4|again4|null", "5|new5|null", "6|new6|x", "7|new7|null");
    }

    /**
     * Overwrite by a key that no unique constraint covers: PostgreSQL's upsert without look-ups is refused ({@code ON
     * CONFLICT} needs one), so the batch is written again looking its keys up, and so are the batches after it.
     */
    @Test
    void migrateData_overwriteByAKeyWithoutUniqueConstraint_writesTheBatchAgainLookingKeysUp() {
        String schema = uniqueSchema("dm_nouniq");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".people (id bigint PRIMARY KEY, email varchar(100) NOT NULL, name varchar(50))",
                "INSERT INTO " + q(schema) + ".people VALUES (1, 'a@example.com', 'A')");
        List<Map<String, Object>> records = List.of(Map.of("id", 2, "email", "b@example.com", "name", "B"),
                Map.of("id", 3, "email", "c@example.com", "name", "C"), Map.of("id", 4, "email", "d@example.com", "name", "D"));

        DataMigrationResult r = manager().migrateData(DataMigration.builder("no_unique_key")
                .source(RecordSource.of("people", records))
                .target(DataTarget.of(CORE, schema + ".people", "email")).conflict(ConflictStrategy.overwrite()).build(),
                DataMigrationOptions.builder().batchSize(2).build());

        assertThat(r.written()).isEqualTo(3);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.verification().orElseThrow().isValid()).isTrue();
        assertThat(rows(schema, "people", "id, email, name")).containsExactly("1|a@example.com|A", "2|b@example.com|B",
                "3|c@example.com|C", "4|d@example.com|D");
    }
}
