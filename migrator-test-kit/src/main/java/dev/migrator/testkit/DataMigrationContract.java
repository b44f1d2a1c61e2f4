package dev.migrator.testkit;

import static dev.migrator.testkit.KitServer.FieldType.BIGINT;
import static dev.migrator.testkit.KitServer.FieldType.BOOLEAN;
import static dev.migrator.testkit.KitServer.FieldType.DECIMAL;
import static dev.migrator.testkit.KitServer.FieldType.JSON;
import static dev.migrator.testkit.KitServer.FieldType.TEXT;
import static dev.migrator.testkit.KitServer.FieldType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupRequest;
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
import dev.migrator.api.Target;
import dev.migrator.api.Transforms;
import dev.migrator.testkit.KitServer.Field;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One concept, the data migration suite (hence its length): data migrations end to end on a backend: copies between tables (collections) with verification, resume after a
 * failure, JSON file imports with transforms and conflict strategies, dry runs, validation, new ids, record types,
 * refused targets and copies from a backup. Records are written in typed tables ({@link KitServer#createTypedTable});
 * their key is the backend's {@link KitServer#keyField()} as they cross migrator.
 */
public abstract class DataMigrationContract extends KitSupport {

    private static final List<Field> USER_FIELDS = List.of(new Field("email", TEXT), new Field("balance", DECIMAL),
            new Field("active", BOOLEAN), new Field("seen", TIMESTAMP), new Field("prefs", JSON));

    @TempDir
    protected Path dir;

    private MigrationManager manager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    private String key() {
        return server().keyField();
    }

    /** A record as it crosses migrator: {@code id} renamed to the backend's key field. */
    private Map<String, Object> incoming(Map<String, ?> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        record.forEach((k, v) -> out.put(k.equals("id") ? key() : k, v));
        return out;
    }

    private List<Map<String, Object>> incoming(List<? extends Map<String, ?>> records) {
        return records.stream().map(this::incoming).toList();
    }

    private DataTarget target(String schema, String table) {
        return DataTarget.of(CORE, schema + "." + table, key());
    }

    /** The records of a file carry {@code id}: renamed to the backend's key field where it has another. */
    private DataMigration.Builder keyedFromFile(DataMigration.Builder b) {
        return key().equals("id") ? b : b.transform(Transforms.rename("id", key()));
    }

    private void createTable(String schema, String table, KitServer.FieldType keyType, Field... fields) {
        database().execute(schema, server().createTypedTable(table, keyType, List.of(fields)));
    }

    /** Fields of every record of a table as {@code a|b|c} text, by key. */
    private List<String> rows(String schema, String table, String... fields) {
        return database().read(schema, table).stream()
                .map(r -> java.util.Arrays.stream(fields).map(f -> String.valueOf(r.get(f))).collect(Collectors.joining("|")))
                .toList();
    }

    /** Every record of a table but the timestamp {@code seen} (whose precision a copy may round). */
    private List<Map<String, Object>> users(String schema, String table) {
        return database().read(schema, table).stream().map(r -> {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("seen");
            return copy;
        }).toList();
    }

    private void usersTable(String schema, String table, int rows) {
        database().execute(schema, server().createTypedTable(table, BIGINT, USER_FIELDS));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", (long) i);
            r.put("email", "user" + i + "@example.com");
            r.put("balance", new BigDecimal(i + ".25"));
            r.put("active", i % 2 == 0);
            r.put("seen", LocalDateTime.of(2025, 1, 1 + i % 9, 10, 0));
            r.put("prefs", Map.of("n", i));
            batch.add(r);
            if (i % 500 == 0 || i == rows) {
                database().insert(schema, table, batch);
                batch.clear();
            }
        }
    }

    @Test
    public void migrateData_tableToEmptyTable_copiesEveryRowAndVerifiesChecksums() {
        String from = database().schemaName("dm_src");
        String to = database().schemaName("dm_dst");
        database().createSchema(from);
        database().createSchema(to);
        usersTable(from, "users", 2_345);
        database().execute(to, server().createTypedTable("users", BIGINT, USER_FIELDS));
        List<DataProgress> progress = new CopyOnWriteArrayList<>();
        Path report = dir.resolve("report.json");

        DataMigrationResult result = manager().data().migrate(DataMigration.builder("copy_users")
                .source(server().source(CORE, from + ".users"))
                .target(target(to, "users"))
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
        assertThat(users(to, "users")).containsExactlyElementsOf(users(from, "users"));
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

    @Test
    public void migrateData_collectionToCollection_copiesEveryDocumentAndResumesAfterAFailure() {
        String schema = defaultSchema();
        createTable(schema, "events", BIGINT, new Field("kind", TEXT), new Field("amount", DECIMAL), new Field("meta", JSON));
        createTable(schema, "events_copy", BIGINT, new Field("kind", TEXT), new Field("amount", DECIMAL),
                new Field("meta", JSON));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 1; i <= 1_250; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", i);
            d.put("kind", i % 3 == 0 ? "click" : "view");
            d.put("amount", new BigDecimal(i + ".10"));
            d.put("meta", Map.of("n", i, "tags", List.of("a", "b")));
            docs.add(d);
        }
        database().insert(schema, "events", docs);
        MigrationManager m = manager();
        int[] seen = {0};

        assertThatThrownBy(() -> m.data().migrate(DataMigration.builder("copy_events")
                .source(server().source(CORE, "events"))
                .transform(r -> {
                    if (++seen[0] == 700) {
                        throw new IllegalStateException("stop here");
                    }
                    return r;
                })
                .target(target(schema, "events_copy")).build(),
                DataMigrationOptions.builder().batchSize(200).restoreOnFailure(false).build()))
                .isInstanceOf(DataMigrationException.class);
        assertThat(rowCount("events_copy")).isEqualTo(600);

        // The same definition with the failure fixed (a transform's body is code; their number is compared).
        DataMigrationResult r = m.data().migrate(DataMigration.builder("copy_events")
                .source(server().source(CORE, "events"))
                .transform(rec -> rec)
                .target(target(schema, "events_copy")).build(),
                DataMigrationOptions.builder().batchSize(200).build());

        assertThat(r.resumedAfter()).isEqualTo(600);
        assertThat(r.read()).isEqualTo(650);
        assertThat(database().read(schema, "events_copy")).isEqualTo(database().read(schema, "events"));
    }

    @Test
    public void migrateData_jsonFileIntoACollection_upsertsWithNewestAndKeepsOtherFields() throws Exception {
        String schema = defaultSchema();
        createTable(schema, "tasks", TEXT, new Field("title", TEXT), new Field("updated_at", TEXT), new Field("note", TEXT),
                new Field("status", TEXT));
        database().insert(schema, "tasks", List.of(
                Map.of("id", "t1", "title", "old", "updated_at", "2025-01-01T00:00:00Z", "note", "kept")));
        database().insert(schema, "tasks", List.of(
                Map.of("id", "t2", "title", "newer in db", "updated_at", "2025-06-01T00:00:00Z")));
        Path file = dir.resolve("tasks.ndjson");
        Files.writeString(file, """
                {"id": "t1", "title": "from file", "status": "todo", "updated_at": "2025-02-01T00:00:00Z"}
                {"id": "t2", "title": "older in file", "status": "done", "updated_at": "2025-03-01T00:00:00Z"}
                {"id": "t3", "title": "brand new", "status": "todo", "updated_at": "2025-03-01T00:00:00Z"}
                """);

        DataMigrationResult r = manager().data().migrate(keyedFromFile(DataMigration.builder("tasks_file")
                .source(RecordSource.jsonFile(file, "tasks")))
                .transform(Transforms.mapValues("status", Map.of("todo", "pending", "done", "completed")))
                .target(target(schema, "tasks"))
                .conflict(ConflictStrategy.newest("updated_at")).build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(r.conflicts()).containsEntry("newest:incoming", 1L).containsEntry("newest:existing", 1L);
        List<Map<String, Object>> after = database().read(schema, "tasks");
        assertThat(after).extracting(d -> d.get("title")).containsExactly("from file", "newer in db", "brand new");
        assertThat(after.get(0).get("note")).isEqualTo("kept");
        assertThat(after.get(0).get("status")).isEqualTo("pending");
    }

    @Test
    public void migrateData_missingTargetCollection_isRefusedBeforeAnythingIsWritten() {
        MigrationManager m = manager();

        assertThatThrownBy(() -> m.data().migrate(DataMigration.builder("nowhere")
                .source(RecordSource.of("x", List.of(incoming(Map.of("id", 1)))))
                .target(target(defaultSchema(), "absent")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains(server().tableWord() + " " + defaultSchema() + ".absent does not exist")
                            .contains("Nothing was written");
                });
        assertThat(m.backups().list()).isEmpty();
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
        createTable(schema, "tasks", TEXT, new Field("title", TEXT), new Field("status", TEXT), new Field("user_id", TEXT),
                new Field("created_at", TIMESTAMP), new Field("updated_at", TIMESTAMP));
        createTable(schema, "form_data", TEXT, new Field("payload", JSON), new Field("user_id", TEXT));
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (String[] t : new String[][] {{"t1", "old title", "pending", "3"}, {"t2", "kept title", "completed", "2"}}) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", t[0]);
            r.put("title", t[1]);
            r.put("status", t[2]);
            r.put("user_id", "u0");
            r.put("created_at", LocalDateTime.of(2025, 1, 1, 0, 0));
            r.put("updated_at", LocalDateTime.of(2025, 1, Integer.parseInt(t[3]), 0, 0));
            tasks.add(r);
        }
        database().insert(schema, "tasks", tasks);
        database().insert(schema, "form_data", List.of(Map.of("id", "f1", "payload", Map.of("name", "Old", "extra", 1),
                "user_id", "u0")));
    }

    private DataMigration importMigration(Path file, String schema) {
        return keyedFromFile(DataMigration.builder("import_local_storage")
                .source(RecordSource.jsonFile(file)))
                .transform(Transforms.rename("createdAt", "created_at"))
                .transform(Transforms.rename("updatedAt", "updated_at"))
                .transform(Transforms.forType("tasks", Transforms.mapValues("status",
                        Map.of("todo", "pending", "in-progress", "in_progress", "done", "completed"), true)))
                .transform(Transforms.constant("user_id", "u42"))
                .transform(Transforms.toTimestamp("created_at"))
                .transform(Transforms.toTimestamp("updated_at"))
                .target("tasks", target(schema, "tasks"))
                .target("formData", target(schema, "form_data"))
                .conflict("tasks", ConflictStrategy.newest("updated_at"))
                .conflict("formData", ConflictStrategy.overwrite())
                .build();
    }

    @Test
    public void migrateData_localStorageExport_dryRunReportsConflictsThenTheRunResolvesThem() throws Exception {
        String schema = database().schemaName("dm_app");
        database().createSchema(schema);
        appTables(schema);
        Path file = localStorageExport();
        MigrationManager m = manager();
        List<String> before = rows(schema, "tasks", "id", "title", "status", "user_id");

        DataMigrationResult dry = m.data().migrate(importMigration(file, schema), DataMigrationOptions.builder()
                .dryRun(true).excludeTypes("theme").build());

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.written()).isEqualTo(3); // t1 (newer), t3 (new), f1 (overwrite); t2's existing row is newer
        assertThat(dry.conflicts()).containsEntry("newest:incoming", 1L).containsEntry("newest:existing", 1L)
                .containsEntry("overwrite", 1L);
        assertThat(dry.backupId()).isEmpty();
        assertThat(rows(schema, "tasks", "id", "title", "status", "user_id")).containsExactlyElementsOf(before);

        DataMigrationResult run = m.data().migrate(importMigration(file, schema), DataMigrationOptions.builder()
                .excludeTypes("theme").build());

        assertThat(run.written()).isEqualTo(3);
        assertThat(run.skipped()).isEqualTo(2); // theme excluded, t2 kept
        assertThat(run.types()).containsKeys("tasks", "formData", "theme");
        assertThat(rows(schema, "tasks", "id", "title", "status", "user_id")).containsExactly(
                "t1|Write docs|pending|u42", "t2|kept title|completed|u0", "t3|New one|in_progress|u42");
        assertThat(rows(schema, "form_data", "id", "user_id")).containsExactly("f1|u42");
        assertThat(String.valueOf(database().read(schema, "form_data").get(0).get("payload"))).contains("Ada")
                .doesNotContain("extra");
        assertThat(m.data().status(importMigration(file, schema)).state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
    }

    @Test
    public void migrateData_conflictStrategies_eachResolvesAsNamed() throws Exception {
        String schema = database().schemaName("dm_conf");
        database().createSchema(schema);
        createTable(schema, "items", BIGINT, new Field("name", TEXT), new Field("note", TEXT), new Field("meta", JSON));
        MigrationManager m = manager();
        List<Map<String, Object>> incoming = incoming(List.of(Map.of("id", 1, "name", "new1", "meta", Map.of("b", 2)),
                Map.of("id", 2, "name", "new2")));
        Map<String, List<String>> expected = Map.of(
                "skip", List.of("1|old1|n1", "2|old2|null"),
                "overwrite", List.of("1|new1|n1", "2|new2|null"),
                "fill", List.of("1|old1|n1", "2|old2|null"),
                "custom", List.of("1|old1|n1", "2|custom|null"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            resetItems(schema, true);
            ConflictStrategy strategy = switch (e.getKey()) {
                case "skip" -> ConflictStrategy.skip();
                case "overwrite" -> ConflictStrategy.overwrite();
                case "fill" -> ConflictStrategy.fill();
                default -> ConflictStrategy.resolveWith(c -> ((Number) c.key().get(key())).longValue() == 2L
                        ? ConflictResolver.Resolution.write(c.incoming().with("name", "custom"))
                        : ConflictResolver.Resolution.keep());
            };
            DataMigrationResult r = m.data().migrate(DataMigration.builder("conflicts_" + e.getKey())
                    .source(RecordSource.of("items", incoming))
                    .target(target(schema, "items"))
                    .conflict(strategy).build(), DataMigrationOptions.builder().backup(false).build());
            assertThat(rows(schema, "items", "id", "name", "note")).as(e.getKey()).containsExactlyElementsOf(e.getValue());
            assertThat(r.conflictCount()).as(e.getKey()).isEqualTo(2);
        }
        // merge: nested JSON objects are merged field by field
        resetItems(schema, false);
        m.data().migrate(DataMigration.builder("conflicts_merge").source(RecordSource.of("items", List.of(incoming.get(0))))
                .target(target(schema, "items")).conflict(ConflictStrategy.merge()).build(),
                DataMigrationOptions.builder().backup(false).build());
        assertThat(rows(schema, "items", "id", "name", "note")).containsExactly("1|new1|n1");
        // JSON text on SQL databases ({"a": 1, "b": 2}), a nested document on MongoDB (Document{{a=1, b=2}}).
        assertThat(String.valueOf(database().read(schema, "items").get(0).get("meta")))
                .containsPattern("\"?a\"?[:=] ?1").containsPattern("\"?b\"?[:=] ?2");
    }

    /** {@code items}: 1 old1 n1 {"a": 1}, and (with {@code second}) 2 old2 with neither note nor meta. */
    private void resetItems(String schema, boolean second) {
        database().delete(schema, "items", 1L);
        database().delete(schema, "items", 2L);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", 1L);
        first.put("name", "old1");
        first.put("note", "n1");
        first.put("meta", Map.of("a", 1));
        database().insert(schema, "items", List.of(first));
        if (second) {
            database().insert(schema, "items", List.of(Map.of("id", 2L, "name", "old2")));
        }
    }

    @Test
    public void migrateData_killedPartWay_resumesAfterTheLastCommittedBatch() {
        String from = database().schemaName("dm_rs");
        database().createSchema(from);
        usersTable(from, "users", 1_000);
        database().execute(from, server().createTypedTable("copy", BIGINT, USER_FIELDS));
        AtomicInteger seen = new AtomicInteger();
        MigrationManager m = manager();
        DataMigration failing = DataMigration.builder("resume_users")
                .source(server().source(CORE, from + ".users"))
                .transform(r -> {
                    if (seen.incrementAndGet() == 650) {
                        throw new IllegalStateException("simulated crash");
                    }
                    return r;
                })
                .target(target(from, "copy")).build();

        assertThatThrownBy(() -> m.data().migrate(failing, DataMigrationOptions.builder().batchSize(100)
                .restoreOnFailure(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("simulated crash").contains("record 649");
                    assertThat(e.result().written()).isEqualTo(600);
                });
        assertThat(database().count(from, "copy")).isEqualTo(600);
        assertThat(m.data().status(failing).state()).isEqualTo(DataMigrationStatus.State.IN_PROGRESS);
        assertThat(m.data().status(failing).position()).isEqualTo(600);

        // The same definition with the crash fixed: a transform's body is code, so only a change in their number
        // (or the source, targets or conflict strategies) makes the checkpoint another migration's.
        DataMigrationResult resumed = m.data().migrate(DataMigration.builder("resume_users")
                .source(server().source(CORE, from + ".users"))
                .transform(r -> r)
                .target(target(from, "copy")).build(), DataMigrationOptions.builder().batchSize(100).build());

        assertThat(resumed.resumedAfter()).isEqualTo(600);
        assertThat(resumed.read()).isEqualTo(400);
        assertThat(resumed.conflictCount()).isZero();
        assertThat(users(from, "copy")).containsExactlyElementsOf(users(from, "users"));
    }

    @Test
    public void migrateData_schemaViolation_rejectsTheRecordNamingTheField() {
        String schema = database().schemaName("dm_schema");
        database().createSchema(schema);
        createTable(schema, "tasks", TEXT, new Field("status", TEXT));

        assertThatThrownBy(() -> manager().data().migrate(DataMigration.builder("schema_check")
                .source(RecordSource.of("tasks", incoming(List.of(Map.of("id", "a", "status", "pending"),
                        Map.of("id", "b", "status", "bogus")))))
                .schema("tasks", "{\"type\": \"object\", \"properties\": {\"status\": {\"enum\": [\"pending\", \"completed\"]}}}")
                .target(target(schema, "tasks")).build(),
                DataMigrationOptions.builder().backup(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("status").contains("record 1");
                });
        assertThat(database().count(schema, "tasks")).isZero();
    }

    @Test
    public void migrateData_malformedJson_namesFileLineAndColumnAndWritesNothing() throws Exception {
        String schema = database().schemaName("dm_json");
        database().createSchema(schema);
        createTable(schema, "tasks", TEXT, new Field("title", TEXT));
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"tasks\": [\n  {\"id\": \"a\", \"title\": \"ok\"},\n  {\"id\": \"b\" \"title\": \"x\"}\n]}\n");

        assertThatThrownBy(() -> manager().data().migrate(keyedFromFile(DataMigration.builder("broken")
                .source(RecordSource.jsonFile(file)))
                .target("tasks", target(schema, "tasks")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID);
                    assertThat(e.getMessage()).contains("broken.json").contains("line 3");
                });
        assertThat(database().count(schema, "tasks")).isZero();
    }

    @Test
    public void migrateData_newIdsAndDerivedFields_areWritten() {
        String schema = database().schemaName("dm_ids");
        database().createSchema(schema);
        createTable(schema, "notes", TEXT, new Field("legacy_id", TEXT), new Field("body", TEXT), new Field("body_length", BIGINT));

        DataMigrationResult r = manager().data().migrate(DataMigration.builder("ids")
                .source(RecordSource.of("notes", incoming(List.of(Map.of("id", "1", "body", "hello"),
                        Map.of("id", "2", "body", "hi")))))
                .transform(Transforms.newId(key(), Transforms.IdKind.ULID, "legacy_id"))
                .transform(Transforms.derive("body_length", rec -> rec.get("body").toString().length()))
                .target(target(schema, "notes")).build());

        assertThat(r.written()).isEqualTo(2);
        // Any order: two ULIDs of the same millisecond sort by their random bits, not by when they were made.
        assertThat(rows(schema, "notes", "legacy_id", "body", "body_length")).containsExactlyInAnyOrder("1|hello|5", "2|hi|2");
        assertThat(rows(schema, "notes", "id")).allSatisfy(id -> assertThat(id).hasSize(26));
    }

    @Test
    public void migrateData_recordsToAnotherRecordType_withoutATargetAreRejected() {
        String schema = database().schemaName("dm_route");
        database().createSchema(schema);
        createTable(schema, "a", BIGINT);

        DataMigrationResult r = manager().data().migrate(DataMigration.builder("route")
                .source(RecordSource.of("a", incoming(List.of(Map.of("id", 1), Map.of("id", 2)))))
                .transform(Transforms.forType("a", rec -> rec.get(key()).equals(2) ? rec.withType("b") : rec))
                .target("a", target(schema, "a")).build(),
                DataMigrationOptions.builder().continueOnError(true).maxErrorRate(1).build());

        assertThat(r.written()).isEqualTo(1);
        assertThat(r.rejections()).singleElement().satisfies(x -> assertThat(x.reason()).contains("no target for record type 'b'"));
        assertThat(DataRecord.of("a", Map.of("id", 1)).type()).isEqualTo("a");
    }

    @Test
    public void migrateData_fromABackup_loadsItsRowsIntoAnotherTable() {
        String schema = database().schemaName("dm_bak");
        database().createSchema(schema);
        usersTable(schema, "users", 300);
        database().execute(schema, server().createTypedTable("users_v2", BIGINT, USER_FIELDS));
        MigrationManager m = manager();
        String backup = m.backupOperations().backup(BackupRequest.builder().label("users")
                .target(Target.of(CORE, schema)).tables(schema + ".users").build()).id();
        for (long id = 101; id <= 300; id++) {
            database().delete(schema, "users", id);
        }

        DataMigrationResult r = m.data().migrate(DataMigration.builder("from_backup")
                .source(RecordSource.backup(backup, schema + ".users", null))
                .target(target(schema, "users_v2")).build());

        assertThat(r.written()).isEqualTo(300);
        assertThat(database().count(schema, "users_v2")).isEqualTo(300);
        assertThat(rows(schema, "users_v2", "id", "email", "balance").get(299)).isEqualTo("300|user300@example.com|300.25");
    }
}
