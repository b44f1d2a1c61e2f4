package dev.migrator.testkit;

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
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data migrations into and out of a backend's tables (collections): bulk writes, upserts by conflict strategy, a
 * refused conflict, a missing target, and a run killed part-way that resumes after its last committed batch (the
 * checkpoint commits with its batch).
 */
public abstract class DataContract extends KitSupport {

    /** Where the backups taken before data migrations go: this test's own folder. */
    @TempDir
    protected Path backups;

    private MigrationManager dataManager() {
        return track(builder().backupDirectory(backups).build());
    }

    /** A record as it crosses migrator: the backend's key field, then the others. */
    private Map<String, Object> incoming(int id, String name) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(server().keyField(), id);
        record.put("name", name);
        return record;
    }

    private DataTarget target(String table) {
        return DataTarget.of(CORE, table, server().keyField());
    }

    @Test
    public void migrateData_killedPartWay_resumesAfterTheLastCommittedBatch() {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            users.add(new LinkedHashMap<>(Map.of("id", i, "name", "user " + i)));
        }
        table(defaultSchema(), "users", "name");
        database().insert(defaultSchema(), "users", users);
        table(defaultSchema(), "copy", "name");
        AtomicInteger seen = new AtomicInteger();
        MigrationManager m = dataManager();
        DataMigration failing = DataMigration.builder("resume_users")
                .source(server().source(CORE, "users"))
                .transform(r -> {
                    if (seen.incrementAndGet() == 650) {
                        throw new IllegalStateException("simulated crash");
                    }
                    return r;
                })
                .target(target("copy")).build();

        assertThatThrownBy(() -> m.data().migrate(failing, DataMigrationOptions.builder().batchSize(100)
                .restoreOnFailure(false).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID);
                    assertThat(e.getMessage()).contains("simulated crash").contains("record 649");
                    assertThat(e.result().written()).isEqualTo(600);
                });
        assertThat(rowCount("copy")).isEqualTo(600);
        assertThat(m.data().status(failing).state()).isEqualTo(DataMigrationStatus.State.IN_PROGRESS);
        assertThat(m.data().status(failing).position()).isEqualTo(600);

        // The same definition with the crash fixed: a transform's body is code, so only a change in their number
        // (or the source, targets or conflict strategies) makes the checkpoint another migration's.
        DataMigration fixed = DataMigration.builder("resume_users")
                .source(server().source(CORE, "users"))
                .transform(r -> r)
                .target(target("copy")).build();
        DataMigrationResult resumed = m.data().migrate(fixed, DataMigrationOptions.builder().batchSize(100).build());

        assertThat(resumed.resumedAfter()).isEqualTo(600);
        assertThat(resumed.read()).isEqualTo(400);
        assertThat(resumed.conflictCount()).isZero();
        assertThat(dump(defaultSchema(), "copy", "name")).containsExactlyElementsOf(dump(defaultSchema(), "users", "name"));
        assertThat(m.data().status(fixed).state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
    }

    @Test
    public void migrateData_conflictWithFail_rejectsAndWritesNothingOfTheBatch() {
        table(defaultSchema(), "items", "name", 2, "there");

        assertThatThrownBy(() -> dataManager().data().migrate(DataMigration.builder("fail_conflict")
                .source(RecordSource.of("items", List.of(incoming(1, "a"), incoming(2, "b"))))
                .target(target("items")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_CONFLICT);
                    assertThat(e.getMessage()).contains("record 1").contains("already exists");
                });
        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("2|there");
    }

    @Test
    public void migrateData_conflictStrategies_eachResolvesAsNamed() {
        table(defaultSchema(), "items", "name");
        MigrationManager m = dataManager();
        List<Map<String, Object>> records = List.of(incoming(1, "new1"), incoming(3, "new3"));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("skip", List.of("1|old1", "2|old2", "3|new3"));
        expected.put("overwrite", List.of("1|new1", "2|old2", "3|new3"));
        expected.put("custom", List.of("1|custom", "2|old2", "3|new3"));
        Map<String, Long> conflicts = new HashMap<>();
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            database().delete(defaultSchema(), "items", 1);
            database().delete(defaultSchema(), "items", 2);
            database().delete(defaultSchema(), "items", 3);
            put(defaultSchema(), "items", 1, "name", "old1");
            put(defaultSchema(), "items", 2, "name", "old2");
            ConflictStrategy strategy = switch (e.getKey()) {
                case "skip" -> ConflictStrategy.skip();
                case "overwrite" -> ConflictStrategy.overwrite();
                default -> ConflictStrategy.resolveWith(c -> ConflictResolver.Resolution.write(c.incoming().with("name", "custom")));
            };
            DataMigrationResult r = m.data().migrate(DataMigration.builder("conflicts_" + e.getKey())
                    .source(RecordSource.of("items", records))
                    .target(target("items"))
                    .conflict(strategy).build(), DataMigrationOptions.builder().backup(false).build());
            assertThat(dump(defaultSchema(), "items", "name")).as(e.getKey()).containsExactlyElementsOf(e.getValue());
            conflicts.put(e.getKey(), r.conflictCount());
        }
        assertThat(conflicts).containsEntry("skip", 1L).containsEntry("overwrite", 1L).containsEntry("custom", 1L);
    }

    @Test
    public void migrateData_missingTargetTable_isRefusedBeforeAnythingIsWritten() {
        MigrationManager m = dataManager();

        assertThatThrownBy(() -> m.data().migrate(DataMigration.builder("missing_table")
                .source(RecordSource.of("x", List.of(incoming(1, "a"))))
                .target(target("absent")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains(defaultSchema() + ".absent does not exist");
                });
        assertThat(m.backups().list()).isEmpty();
        assertThat(tableExists("absent")).isFalse();
    }
}
