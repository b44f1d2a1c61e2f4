package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConflictResolver;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataRecord;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
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

/** Data migrations end to end on a real database: copies, JSON imports, conflicts, resume, errors, restore. */
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

    private static final String USER_COLUMNS = "id, email, balance, active, prefs";

    @Test
    void migrateData_tableToEmptyTable_copiesEveryRowAndVerifiesChecksums() {
        String from = uniqueSchema("dm_src");
        String to = uniqueSchema("dm_dst");
        createSchema(from);
        createSchema(to);
        usersTable(from, 2_345);
        sql("CREATE TABLE " + q(to) + ".users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, balance numeric(12,2), "
                + "active boolean, seen " + timestampType() + " NULL, prefs " + jsonType() + ")");
        List<DataProgress> progress = new CopyOnWriteArrayList<>();
        Path report = dir.resolve("report.json");

        DataMigrationResult result = manager().migrateData(DataMigration.builder("copy_users")
                .source(RecordSource.table(CORE, from + ".users"))
                .target(DataTarget.of(CORE, to + ".users", "id"))
                .build(), DataMigrationOptions.builder().batchSize(500).reportFile(report)
                .listener(new DataMigrationListener() {
                    @Override
                    public void onProgress(DataProgress p) {
                        progress.add(p);
                    }
                }).build());

        assertThat(result.read()).isEqualTo(2_345);
        assertThat(result.written()).isEqualTo(2_345);
        assertThat(result.conflictCount()).isZero();
        assertThat(result.backupId()).isPresent();
        assertThat(rows(to, "users", USER_COLUMNS)).containsExactlyElementsOf(rows(from, "users", USER_COLUMNS));
        assertThat(result.verification()).hasValueSatisfying(v -> {
            assertThat(v.isValid()).as("%s", v.problems()).isTrue();
            assertThat(v.tables()).singleElement().satisfies(t -> {
                assertThat(t.checksumMatches()).isTrue();
                assertThat(t.targetRows()).isEqualTo(2_345);
            });
        });
        assertThat(progress).extracting(DataProgress::stage).containsSubsequence(DataProgress.Stage.BACKUP,
                DataProgress.Stage.MIGRATE, DataProgress.Stage.DONE);
        // Progress is throttled, but the migrate stage's last count always reaches the listener before the next stage.
        assertThat(progress.stream().filter(p -> p.stage() == DataProgress.Stage.MIGRATE).reduce((a, b) -> b))
                .hasValueSatisfying(last -> assertThat(last.done()).isEqualTo(2_345));
        assertThat(report).content().contains("\"written\" : 2345", "\"migration\" : \"copy_users\"");
    }

    private Path localStorageExport() throws Exception {
        Path file = dir.resolve("export.json");
        Files.writeString(file, """
                {
                  "tasks": [
                    {"id": "t1", "title": "Write docs", "status": "todo", "createdAt": "2025-01-02T10:00:00Z", "updatedAt": "2025-01-05T10:00:00Z"},
                    {"id": "t2", "title": "Ship it", "status": "done", "createdAt": "2025-01-03T10:00:00Z", "updatedAt": "2025-01-01T10:00:00Z"},
                    {"id": "t3", "title": "New one", "status": "in-progress", "createdAt": "2025-01-04T10:00:00Z", "updatedAt": "2025-01-04T10:00:00Z"}
                  ],
                  "formData": [{"id": "f1", "payload": {"name": "Ada", "step": 2}}],
                  "theme": {"id": "x", "value": "dark"}
                }
                """);
        return file;
    }

    private void appTables(String schema) {
        sql("CREATE TABLE " + q(schema) + ".tasks (id varchar(40) PRIMARY KEY, title varchar(200), status varchar(20), "
                + "user_id varchar(40), created_at " + timestampType() + " NULL, updated_at " + timestampType() + " NULL)",
                "CREATE TABLE " + q(schema) + ".form_data (id varchar(40) PRIMARY KEY, payload " + jsonType()
                        + ", user_id varchar(40))",
                "INSERT INTO " + q(schema) + ".tasks VALUES ('t1', 'old title', 'pending', 'u0', '2025-01-01 00:00:00', "
                        + "'2025-01-03 00:00:00'), ('t2', 'kept title', 'completed', 'u0', '2025-01-01 00:00:00', "
                        + "'2025-01-02 00:00:00')",
                "INSERT INTO " + q(schema) + ".form_data VALUES ('f1', '{\"name\": \"Old\", \"extra\": 1}', 'u0')");
    }

    private DataMigration importMigration(Path file, String schema) {
        return DataMigration.builder("import_local_storage")
                .source(RecordSource.jsonFile(file))
                .transform(Transforms.rename("createdAt", "created_at"))
                .transform(Transforms.rename("updatedAt", "updated_at"))
                .transform(Transforms.forType("tasks", Transforms.mapValues("status",
                        Map.of("todo", "pending", "in-progress", "in_progress", "done", "completed"), true)))
                .transform(Transforms.constant("user_id", "u42"))
                .transform(Transforms.toTimestamp("created_at"))
                .transform(Transforms.toTimestamp("updated_at"))
                .target("tasks", DataTarget.of(CORE, schema + ".tasks", "id"))
                .target("formData", DataTarget.of(CORE, schema + ".form_data", "id"))
                .conflict("tasks", ConflictStrategy.newest("updated_at"))
                .conflict("formData", ConflictStrategy.overwrite())
                .build();
    }

    @Test
    void migrateData_localStorageExport_dryRunReportsConflictsThenTheRunResolvesThem() throws Exception {
        String schema = uniqueSchema("dm_app");
        createSchema(schema);
        appTables(schema);
        Path file = localStorageExport();
        MigrationManager m = manager();
        List<String> before = rows(schema, "tasks", "id, title, status, user_id");

        DataMigrationResult dry = m.migrateData(importMigration(file, schema), DataMigrationOptions.builder()
                .dryRun(true).excludeTypes("theme").build());

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.written()).isEqualTo(3); // t1 (newer), t3 (new), f1 (overwrite); t2's existing row is newer
        assertThat(dry.conflicts()).containsEntry("newest:incoming", 1L).containsEntry("newest:existing", 1L)
                .containsEntry("overwrite", 1L);
        assertThat(dry.backupId()).isEmpty();
        assertThat(rows(schema, "tasks", "id, title, status, user_id")).containsExactlyElementsOf(before);

        DataMigrationResult run = m.migrateData(importMigration(file, schema), DataMigrationOptions.builder()
                .excludeTypes("theme").build());

        assertThat(run.written()).isEqualTo(3);
        assertThat(run.skipped()).isEqualTo(2); // theme excluded, t2 kept
        assertThat(run.types()).containsKeys("tasks", "formData", "theme");
        assertThat(rows(schema, "tasks", "id, title, status, user_id")).containsExactly(
                "t1|Write docs|pending|u42", "t2|kept title|completed|u0", "t3|New one|in_progress|u42");
        assertThat(rows(schema, "form_data", "id, user_id")).containsExactly("f1|u42");
        assertThat(queryStrings("SELECT payload FROM " + q(schema) + ".form_data").get(0)).contains("Ada")
                .doesNotContain("extra");
        assertThat(m.dataStatus(importMigration(file, schema)).state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
    }

    @Test
    void migrateData_conflictStrategies_eachResolvesAsNamed() throws Exception {
        String schema = uniqueSchema("dm_conf");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".items (id bigint PRIMARY KEY, name varchar(50), note varchar(50), meta "
                + jsonType() + ")");
        MigrationManager m = manager();
        List<Map<String, Object>> incoming = List.of(Map.of("id", 1, "name", "new1", "meta", Map.of("b", 2)),
                Map.of("id", 2, "name", "new2"));
        Map<String, List<String>> expected = Map.of(
                "skip", List.of("1|old1|n1", "2|old2|null"),
                "overwrite", List.of("1|new1|n1", "2|new2|null"),
                "fill", List.of("1|old1|n1", "2|old2|null"),
                "custom", List.of("1|old1|n1", "2|custom|null"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            sql("DELETE FROM " + q(schema) + ".items",
                    "INSERT INTO " + q(schema) + ".items VALUES (1, 'old1', 'n1', '{\"a\": 1}'), (2, 'old2', NULL, NULL)");
            ConflictStrategy strategy = switch (e.getKey()) {
                case "skip" -> ConflictStrategy.skip();
                case "overwrite" -> ConflictStrategy.overwrite();
                case "fill" -> ConflictStrategy.fill();
                default -> ConflictStrategy.resolveWith(c -> c.key().get("id").equals(2L)
                        ? ConflictResolver.Resolution.write(c.incoming().with("name", "custom"))
                        : ConflictResolver.Resolution.keep());
            };
            DataMigrationResult r = m.migrateData(DataMigration.builder("conflicts_" + e.getKey())
                    .source(RecordSource.of("items", incoming))
                    .target(DataTarget.of(CORE, schema + ".items", "id"))
                    .conflict(strategy).build(), DataMigrationOptions.builder().backup(false).build());
            assertThat(rows(schema, "items", "id, name, note")).as(e.getKey()).containsExactlyElementsOf(e.getValue());
            assertThat(r.conflictCount()).as(e.getKey()).isEqualTo(2);
        }
        // merge: nested JSON objects are merged field by field
        sql("DELETE FROM " + q(schema) + ".items",
                "INSERT INTO " + q(schema) + ".items VALUES (1, 'old1', 'n1', '{\"a\": 1}')");
        m.migrateData(DataMigration.builder("conflicts_merge").source(RecordSource.of("items", List.of(incoming.get(0))))
                .target(DataTarget.of(CORE, schema + ".items", "id")).conflict(ConflictStrategy.merge()).build(),
                DataMigrationOptions.builder().backup(false).build());
        assertThat(rows(schema, "items", "id, name, note")).containsExactly("1|new1|n1");
        assertThat(queryStrings("SELECT meta FROM " + q(schema) + ".items").get(0)).contains("\"a\"").contains("\"b\"");
    }

    @Test
    void migrateData_killedPartWay_resumesAfterTheLastCommittedBatch() {
        String from = uniqueSchema("dm_rs");
        createSchema(from);
        usersTable(from, 1_000);
        sql("CREATE TABLE " + q(from) + ".copy (id bigint PRIMARY KEY, email varchar(200) NOT NULL, balance numeric(12,2), "
                + "active boolean, seen " + timestampType() + " NULL, prefs " + jsonType() + ")");
        AtomicInteger seen = new AtomicInteger();
        MigrationManager m = manager();
        DataMigration failing = DataMigration.builder("resume_users")
                .source(RecordSource.table(CORE, from + ".users"))
                .transform(r -> {
                    if (seen.incrementAndGet() == 650) {
                        throw new IllegalStateException("simulated crash");
                    }
                    return r;
                })
                .target(DataTarget.of(CORE, from + ".copy", "id")).build();

        assertThatThrownBy(() -> m.migrateData(failing, DataMigrationOptions.builder().batchSize(100)
                .restoreOnFailure(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("simulated crash").contains("record 649");
                    assertThat(e.result().written()).isEqualTo(600);
                });
        assertThat(rowCount(from, "copy")).isEqualTo(600);
        assertThat(m.dataStatus(failing).state()).isEqualTo(DataMigrationStatus.State.IN_PROGRESS);
        assertThat(m.dataStatus(failing).position()).isEqualTo(600);

        // The same definition with the crash fixed: a transform's body is code, so only a change in their number
        // (or the source, targets or conflict strategies) makes the checkpoint another migration's.
        DataMigrationResult resumed = m.migrateData(DataMigration.builder("resume_users")
                .source(RecordSource.table(CORE, from + ".users"))
                .transform(r -> r)
                .target(DataTarget.of(CORE, from + ".copy", "id")).build(), DataMigrationOptions.builder().batchSize(100).build());

        assertThat(resumed.resumedAfter()).isEqualTo(600);
        assertThat(resumed.read()).isEqualTo(400);
        assertThat(resumed.conflictCount()).isZero();
        assertThat(rows(from, "copy", USER_COLUMNS)).containsExactlyElementsOf(rows(from, "users", USER_COLUMNS));
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
    void migrateData_schemaViolation_rejectsTheRecordNamingTheField() {
        String schema = uniqueSchema("dm_schema");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".tasks (id varchar(10) PRIMARY KEY, status varchar(20))");

        assertThatThrownBy(() -> manager().migrateData(DataMigration.builder("schema_check")
                .source(RecordSource.of("tasks", List.of(Map.of("id", "a", "status", "pending"), Map.of("id", "b", "status", "bogus"))))
                .schema("tasks", "{\"type\": \"object\", \"properties\": {\"status\": {\"enum\": [\"pending\", \"completed\"]}}}")
                .target(DataTarget.of(CORE, schema + ".tasks", "id")).build(),
                DataMigrationOptions.builder().backup(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("status").contains("record 1");
                });
        assertThat(rowCount(schema, "tasks")).isZero();
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
    void migrateData_malformedJson_namesFileLineAndColumnAndWritesNothing() throws Exception {
        String schema = uniqueSchema("dm_json");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".tasks (id varchar(10) PRIMARY KEY, title varchar(20))");
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"tasks\": [\n  {\"id\": \"a\", \"title\": \"ok\"},\n  {\"id\": \"b\" \"title\": \"x\"}\n]}\n");

        assertThatThrownBy(() -> manager().migrateData(DataMigration.builder("broken")
                .source(RecordSource.jsonFile(file))
                .target("tasks", DataTarget.of(CORE, schema + ".tasks", "id")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID);
                    assertThat(e.getMessage()).contains("broken.json").contains("line 3");
                });
        assertThat(rowCount(schema, "tasks")).isZero();
    }

    @Test
    void migrateData_newIdsAndDerivedFields_areWritten() {
        String schema = uniqueSchema("dm_ids");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".notes (id varchar(40) PRIMARY KEY, legacy_id varchar(10), body varchar(50), "
                + "body_length int)");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("ids")
                .source(RecordSource.of("notes", List.of(Map.of("id", "1", "body", "hello"), Map.of("id", "2", "body", "hi"))))
                .transform(Transforms.newId("id", Transforms.IdKind.ULID, "legacy_id"))
                .transform(Transforms.derive("body_length", rec -> rec.get("body").toString().length()))
                .target(DataTarget.of(CORE, schema + ".notes", "id")).build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(rows(schema, "notes", "legacy_id, body, body_length")).containsExactly("1|hello|5", "2|hi|2");
        assertThat(queryStrings("SELECT id FROM " + q(schema) + ".notes")).allSatisfy(id -> assertThat(id).hasSize(26));
    }

    @Test
    void migrateData_recordsToAnotherRecordType_withoutATargetAreRejected() {
        String schema = uniqueSchema("dm_route");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".a (id int PRIMARY KEY)");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("route")
                .source(RecordSource.of("a", List.of(Map.of("id", 1), Map.of("id", 2))))
                .transform(Transforms.forType("a", rec -> rec.get("id").equals(2) ? rec.withType("b") : rec))
                .target("a", DataTarget.of(CORE, schema + ".a", "id")).build(),
                DataMigrationOptions.builder().continueOnError(true).maxErrorRate(1).build());

        assertThat(r.written()).isEqualTo(1);
        assertThat(r.rejections()).singleElement().satisfies(x -> assertThat(x.reason()).contains("no target for record type 'b'"));
        assertThat(DataRecord.of("a", Map.of("id", 1)).type()).isEqualTo("a");
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

    @Test
    void migrateData_fromABackup_loadsItsRowsIntoAnotherTable() {
        String schema = uniqueSchema("dm_bak");
        createSchema(schema);
        usersTable(schema, 300);
        sql("CREATE TABLE " + q(schema) + ".users_v2 (id bigint PRIMARY KEY, email varchar(200) NOT NULL, "
                + "balance numeric(12,2), active boolean, seen " + timestampType() + " NULL, prefs " + jsonType() + ")");
        MigrationManager m = manager();
        String backup = m.backup(dev.migrator.api.BackupRequest.builder().label("users")
                .target(dev.migrator.api.Target.of(CORE, schema)).tables(schema + ".users").build()).id();
        sql("DELETE FROM " + q(schema) + ".users WHERE id > 100");

        DataMigrationResult r = m.migrateData(DataMigration.builder("from_backup")
                .source(RecordSource.backup(backup, schema + ".users", null))
                .target(DataTarget.of(CORE, schema + ".users_v2", "id")).build());

        assertThat(r.written()).isEqualTo(300);
        assertThat(rowCount(schema, "users_v2")).isEqualTo(300);
        assertThat(rows(schema, "users_v2", "id, email, balance").get(299)).isEqualTo("300|user300@example.com|300.25");
    }
}
