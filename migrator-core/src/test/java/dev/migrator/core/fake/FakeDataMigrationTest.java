package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConflictResolver;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data pipeline's rules on fake tables: batches with checkpoints, resume, conflict strategies, validation, the
 * error rate and the restore from the run's backup, retries, refusals before the first write.
 */
class FakeDataMigrationTest extends FakeEngineSupport {

    @TempDir
    Path dir;

    private MigrationManager manager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    private static List<Map<String, Object>> items(int from, int to) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            records.add(Map.of("id", i, "name", "n" + i));
        }
        return records;
    }

    private void itemsTable() {
        table("items", "id:integer name:string note:string");
    }

    @Test
    void migrateData_tableToEmptyTable_copiesEveryRowInBatchesBacksUpFirstAndVerifies() {
        table("source", "id:integer name:string note:string");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            rows.add(Map.of("id", i, "name", "n" + i, "note", i % 2 == 0 ? "even" : "odd"));
        }
        insert("source", rows);
        itemsTable();
        MigrationManager m = manager();
        DataMigration copy = DataMigration.builder("copy_items")
                .source(RecordSource.table(CORE, SCHEMA + ".source"))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build();

        DataMigrationResult result = m.migrateData(copy, DataMigrationOptions.builder().batchSize(100).build());

        assertThat(result.read()).isEqualTo(250);
        assertThat(result.written()).isEqualTo(250);
        assertThat(result.conflictCount()).isZero();
        assertThat(result.backupId()).isPresent();
        assertThat(m.backups().list()).hasSize(1);
        assertThat(rows("items")).containsExactlyElementsOf(rows("source"));
        assertThat(result.verification()).hasValueSatisfying(v -> {
            assertThat(v.isValid()).as("%s", v.problems()).isTrue();
            assertThat(v.tables()).singleElement().satisfies(t -> {
                assertThat(t.checksumMatches()).isTrue();
                assertThat(t.targetRows()).isEqualTo(250);
            });
        });
        DataMigrationStatus status = m.dataStatus(copy);
        assertThat(status.state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
        assertThat(status.position()).isEqualTo(250);
    }

    @Test
    void migrateData_failsPartWay_keepsCommittedBatchesAndResumesAfterTheLastOne() {
        itemsTable();
        AtomicInteger seen = new AtomicInteger();
        MigrationManager m = manager();
        DataMigration failing = DataMigration.builder("resume_items")
                .source(RecordSource.of("items", items(1, 250)))
                .transform(r -> {
                    if (seen.incrementAndGet() == 165) {
                        throw new IllegalStateException("simulated crash");
                    }
                    return r;
                })
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build();

        assertThatThrownBy(() -> m.migrateData(failing, DataMigrationOptions.builder().batchSize(50).restoreOnFailure(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("simulated crash").contains("record 164");
                    assertThat(e.result().written()).isEqualTo(150);
                });
        assertThat(rowCount("items")).as("the three committed batches stay").isEqualTo(150);
        assertThat(m.dataStatus(failing).state()).isEqualTo(DataMigrationStatus.State.IN_PROGRESS);
        assertThat(m.dataStatus(failing).position()).isEqualTo(150);

        DataMigrationResult resumed = m.migrateData(DataMigration.builder("resume_items")
                .source(RecordSource.of("items", items(1, 250)))
                .transform(r -> r)
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(), DataMigrationOptions.builder().batchSize(50).build());

        assertThat(resumed.resumedAfter()).isEqualTo(150);
        assertThat(resumed.read()).isEqualTo(100);
        assertThat(resumed.conflictCount()).as("nothing written twice").isZero();
        assertThat(rowCount("items")).isEqualTo(250);
    }

    @Test
    void migrateData_conflictStrategies_eachResolvesAsNamed() {
        itemsTable();
        MigrationManager m = manager();
        List<Map<String, Object>> incoming = List.of(Map.of("id", 1, "name", "new1"), Map.of("id", 2, "name", "new2", "note", "x"));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("skip", List.of("1|old1|n1", "2|old2|null", "3|new3|null"));
        expected.put("overwrite", List.of("1|new1|n1", "2|new2|x", "3|new3|null"));
        expected.put("fill", List.of("1|old1|n1", "2|old2|x", "3|new3|null"));
        expected.put("custom", List.of("1|old1|n1", "2|custom|x", "3|new3|null"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            db.change(s -> s.table(SCHEMA, "items").clear());
            insert("items", List.of(Map.of("id", 1, "name", "old1", "note", "n1"), Map.of("id", 2, "name", "old2")));
            ConflictStrategy strategy = switch (e.getKey()) {
                case "skip" -> ConflictStrategy.skip();
                case "overwrite" -> ConflictStrategy.overwrite();
                case "fill" -> ConflictStrategy.fill();
                default -> ConflictStrategy.resolveWith(c -> c.key().get("id").equals(2L)
                        ? ConflictResolver.Resolution.write(c.incoming().with("name", "custom"))
                        : ConflictResolver.Resolution.keep());
            };
            List<Map<String, Object>> all = new ArrayList<>(incoming);
            all.add(Map.of("id", 3, "name", "new3"));

            DataMigrationResult r = m.migrateData(DataMigration.builder("conflicts_" + e.getKey())
                    .source(RecordSource.of("items", all))
                    .target(DataTarget.of(CORE, SCHEMA + ".items", "id"))
                    .conflict(strategy).build(), DataMigrationOptions.builder().backup(false).build());

            assertThat(rows("items")).as(e.getKey()).containsExactlyElementsOf(e.getValue());
            assertThat(r.conflictCount()).as(e.getKey()).isEqualTo(2);
        }
    }

    @Test
    void migrateData_conflictWithFail_rejectsAndWritesNothingOfTheBatch() {
        itemsTable();
        insert("items", List.of(Map.of("id", 2, "name", "there")));

        assertThatThrownBy(() -> manager().migrateData(DataMigration.builder("fail_conflict")
                .source(RecordSource.of("items", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"))))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_CONFLICT);
                    assertThat(e.getMessage()).contains("record 1").contains("already exists");
                });
        assertThat(rows("items")).containsExactly("2|there|null");
    }

    @Test
    void migrateData_validatorRejectsARecord_failsNamingItAndWritesNothing() {
        itemsTable();

        assertThatThrownBy(() -> manager().migrateData(DataMigration.builder("validated")
                .source(RecordSource.of("items", items(1, 5)))
                .validate(r -> r.get("id").equals(4) ? List.of("id 4 is reserved") : List.of())
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(),
                DataMigrationOptions.builder().backup(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("id 4 is reserved").contains("record 3");
                });
        assertThat(rowCount("items")).isZero();
    }

    @Test
    void migrateData_continueOnError_logsRejectedRecordsAndWritesTheRest() {
        itemsTable();
        Path errors = dir.resolve("errors.ndjson");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("coe")
                .source(RecordSource.of("items", List.of(Map.of("id", 1, "name", "a"), Map.of("name", "no key"),
                        Map.of("id", 3, "name", ""), Map.of("id", 4, "name", "d"))))
                .schema("items", "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {\"name\": "
                        + "{\"type\": \"string\", \"minLength\": 1}}}")
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(),
                DataMigrationOptions.builder().continueOnError(true).maxErrorRate(0.6).errorLog(errors).build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.rejections()).extracting(DataMigrationResult.Rejection::position).containsExactly(1L, 2L);
        assertThat(r.rejections().get(0).reason()).contains("key field 'id' is missing");
        assertThat(rows("items")).containsExactly("1|a|null", "4|d|null");
        assertThat(r.errorLog()).contains(errors);
    }

    @Test
    void migrateData_pastTheErrorRate_failsAndRestoresTheTargetFromThisRunsBackup() {
        table("items", "id:integer price:integer");
        insert("items", List.of(Map.of("id", 1, "price", 10), Map.of("id", 2, "price", 20)));
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            records.add(Map.of("id", i, "price", i % 3 == 0 ? "not a number" : String.valueOf(i)));
        }

        List<MigrationEvent> events = new ArrayList<>();
        MigrationManager m = track(builder().backupDirectory(dir.resolve("backups")).listener(events::add).build());

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("rate")
                .source(RecordSource.of("items", records))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).conflict(ConflictStrategy.overwrite()).build(),
                DataMigrationOptions.builder().batchSize(50).continueOnError(true).maxErrorRate(0.2).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR_RATE);
                    assertThat(e.getMessage()).contains("more than maxErrorRate 20.0 %").contains("restored from backup");
                    assertThat(e.result().restored()).isTrue();
                    // The run's own restore is a restore like any other: listeners hear it.
                    assertThat(events).filteredOn(MigrationEvent.RestoreFinished.class::isInstance).singleElement()
                            .isInstanceOfSatisfying(MigrationEvent.RestoreFinished.class, r -> {
                                assertThat(r.backupId()).isEqualTo(e.result().backupId().orElseThrow());
                                assertThat(r.rows()).isEqualTo(2);
                                assertThat(r.failure()).isEmpty();
                            });
                });
        assertThat(rows("items")).containsExactly("1|10", "2|20");
    }

    @Test
    void migrateData_resumeOverAnEditedSource_isRefusedAndWritesNothing() {
        itemsTable();
        MigrationManager m = manager();
        DataMigrationOptions noRestore = DataMigrationOptions.builder().batchSize(5).restoreOnFailure(false).build();
        List<Map<String, Object>> records = new ArrayList<>(items(1, 20));
        records.set(12, Map.of("id", "not a number", "name", "bad"));
        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("edited").source(RecordSource.of("items", records))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(), noRestore))
                .isInstanceOf(DataMigrationException.class);
        assertThat(rowCount("items")).isEqualTo(10);

        List<Map<String, Object>> edited = new ArrayList<>(items(1, 20));
        edited.set(2, Map.of("id", 3, "name", "three"));

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("edited").source(RecordSource.of("items", edited))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(), noRestore))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("cannot resume after record 9")
                            .contains("records among the first 10 of its source (already read) were edited, removed or reordered")
                            .contains("Nothing was written")
                            .contains("DataMigrationOptions.restart(true)");
                });
        assertThat(rows("items")).hasSize(10).contains("3|n3|null");
    }

    @Test
    void migrateData_resumeWithAChangedDefinition_isRefusedNamingWhatChanged() {
        itemsTable();
        MigrationManager m = manager();
        m.migrateData(DataMigration.builder("defn").source(RecordSource.of("items", items(1, 10)))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build());

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("defn").source(RecordSource.of("items", items(1, 10)))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).conflict(ConflictStrategy.skip()).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("its definition changed since the checkpoint was written")
                            .contains("conflicts: was").contains("Skip");
                });
    }

    @Test
    void migrateData_dryRun_countsWhatItWouldWriteAndWritesNothing() {
        itemsTable();
        insert("items", List.of(Map.of("id", 2, "name", "there")));
        int commits = db.commits();

        DataMigrationResult r = manager().migrateData(DataMigration.builder("dry")
                .source(RecordSource.of("items", items(1, 5)))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).conflict(ConflictStrategy.overwrite()).build(),
                DataMigrationOptions.builder().dryRun(true).build());

        assertThat(r.dryRun()).isTrue();
        assertThat(r.written()).isEqualTo(5);
        assertThat(r.conflictCount()).isEqualTo(1);
        assertThat(rows("items")).containsExactly("2|there|null");
        assertThat(db.commits()).as("not even a checkpoint").isEqualTo(commits);
        assertThat(db.checkpoint(SCHEMA, "dry")).isEmpty();
    }

    @Test
    void migrateData_connectionLostOnABatch_retriesItAndWritesEveryRecordOnce() {
        itemsTable();
        db.loseConnectionOnNextWrites(1);

        DataMigrationResult r = manager().migrateData(DataMigration.builder("retry")
                .source(RecordSource.of("items", items(1, 120)))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "id")).build(),
                DataMigrationOptions.builder().batchSize(50).retries(2).retryBackoff(java.time.Duration.ofMillis(1)).build());

        assertThat(r.written()).isEqualTo(120);
        assertThat(r.conflictCount()).isZero();
        assertThat(rowCount("items")).isEqualTo(120);
    }

    @Test
    void migrateData_missingTargetTableOrKeyColumn_isRefusedBeforeAnythingIsWritten() {
        itemsTable();
        MigrationManager m = manager();

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("missing_table")
                .source(RecordSource.of("x", List.of(Map.of("id", 1))))
                .target(DataTarget.of(CORE, SCHEMA + ".absent", "id")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains(SCHEMA + ".absent does not exist").contains("Nothing was written");
                });
        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("missing_key")
                .source(RecordSource.of("x", List.of(Map.of("id", 1))))
                .target(DataTarget.of(CORE, SCHEMA + ".items", "uuid")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains("has no key column uuid");
                });
        assertThat(m.backups().list()).isEmpty();
        assertThat(rowCount("items")).isZero();
    }

    /** A JSON file cannot say how many records it holds; its progress still gets a total, estimated from the bytes read. */
    @Test
    void migrateData_jsonFile_progressHasATotal_exactInTheLastMigrateEvent() throws Exception {
        itemsTable();
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 3_000; i++) {
            text.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}\n");
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("items.ndjson"), text);
        List<dev.migrator.api.DataProgress> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        manager().data().migrate(DataMigration.builder("import_items")
                .source(RecordSource.jsonFile(file))
                .target("items", DataTarget.of(CORE, SCHEMA + ".items", "id")).build(),
                DataMigrationOptions.builder().batchSize(500).listener(new dev.migrator.api.DataMigrationListener() {
                    @Override
                    public void onProgress(dev.migrator.api.DataProgress progress) {
                        events.add(progress);
                    }
                }).build());

        List<dev.migrator.api.DataProgress> migrate = events.stream()
                .filter(e -> e.stage() == dev.migrator.api.DataProgress.Stage.MIGRATE).toList();
        assertThat(migrate).as("migrate events").isNotEmpty();
        assertThat(migrate).allSatisfy(e -> assertThat(e.total()).as("a total in %s", e).isBetween(2_500L, 3_500L));
        assertThat(migrate.get(migrate.size() - 1).total()).isEqualTo(3_000);
        assertThat(migrate.get(migrate.size() - 1).percent()).hasValue(100.0);
    }
}
