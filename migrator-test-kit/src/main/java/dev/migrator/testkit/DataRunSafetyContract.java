package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transform;
import dev.migrator.api.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a data migration may undo and where it may resume, across runs (issue 15, items 1–5): a failed re-run restores
 * only what it wrote, a resume over a changed source is refused, verification counts only this run's records, a
 * partial report counts what happened, and an update keeps a record's primary key. Each test is a sequence — run, the
 * application writes, the source changes, run again — because the bugs lived between runs.
 *
 * <p>The import reads an export of {@code {id, title, state}} records into a table (collection) {@code tasks} of a
 * schema of its own, keyed by text; the backend's {@link KitServer#keyTransforms()} key the records as it does.
 */
public abstract class DataRunSafetyContract extends KitSupport {

    /** The export, the backups and anything else this test writes. */
    @TempDir
    protected Path dir;

    private String schema;
    private Path export;

    @BeforeEach
    void tasksTable() {
        schema = database().schemaName("dm_safe");
        database().createSchema(schema);
        database().execute(schema, server().createTextKeyTable("tasks", List.of(), "title", "status"));
        export = dir.resolve("tasks.ndjson");
    }

    private MigrationManager dataManager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    /** Writes records t{from}..t{to} (inclusive) to the export, appending. */
    private void exportTasks(int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("{\"id\":\"t").append(i).append("\",\"title\":\"task ").append(i).append("\",\"state\":\"todo\"}\n");
        }
        Files.writeString(export, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The import as the CLI example writes it: rename a field, map its values, overwrite on conflict. */
    private DataMigration importTasks(Transform last) {
        return importTasks(last, ConflictStrategy.overwrite());
    }

    private DataMigration importTasks(Transform last, ConflictStrategy conflicts) {
        DataMigration.Builder b = DataMigration.builder("import_tasks")
                .source(RecordSource.jsonFile(export, "tasks"))
                .transform(Transforms.rename("state", "status"));
        server().keyTransforms().forEach(b::transform);
        return b.transform(last)
                .target(DataTarget.of(CORE, schema + ".tasks", server().keyField()))
                .conflict(conflicts)
                .build();
    }

    private Transform failingAt(String id) {
        String key = server().keyField();
        return r -> {
            if (id.equals(r.get(key))) {
                throw new IllegalStateException("cannot import " + id);
            }
            return r;
        };
    }

    private static final Transform AS_IS = r -> r;

    /** The tasks as {@code id|title}, by key. */
    private List<String> tasks() {
        return dump(schema, "tasks", "title");
    }

    /** What the application writes itself, straight into the table: a task, replacing the one of the same key. */
    private void appWrites(String id, String title, String status) {
        database().delete(schema, "tasks", id);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id);
        task.put("title", title);
        task.put("status", status);
        database().insert(schema, "tasks", List.of(task));
    }

    // ---------------------------------------------------------------- 1. a failed re-run undoes only its own writes

    @Test
    public void rerunFails_afterTheApplicationWrote_restoresOnlyWhatThisRunWrote() throws Exception {
        exportTasks(1, 20);
        MigrationManager m = dataManager();
        DataMigrationOptions options = DataMigrationOptions.builder().batchSize(5).build();
        DataMigrationResult first = m.data().migrate(importTasks(AS_IS), options);
        assertThat(first.written()).isEqualTo(20);

        appWrites("t1", "edited by the app", "todo");
        appWrites("app1", "inserted by the app", "pending");
        List<String> beforeRerun = tasks();
        exportTasks(21, 26);

        // t21..t25 commit as one batch, then t26 fails: the restore must undo t21..t25 and nothing else.
        assertThatThrownBy(() -> m.data().migrate(importTasks(failingAt("t26")), options))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.result().restored()).isTrue();
                    assertThat(e.result().backupId()).isPresent().get().isNotEqualTo(first.backupId().orElseThrow());
                    assertThat(e.getMessage()).contains("restored from backup " + e.result().backupId().get())
                            .contains("taken by this run before its first write")
                            .contains("the next run resumes after record 19, where this one started");
                });

        assertThat(tasks()).containsExactlyElementsOf(beforeRerun).contains("t1|edited by the app",
                "app1|inserted by the app");
        assertThat(m.data().status(importTasks(AS_IS)).position()).isEqualTo(20);

        DataMigrationResult third = m.data().migrate(importTasks(AS_IS), options);
        assertThat(third.resumedAfter()).isEqualTo(20);
        assertThat(third.written()).isEqualTo(6);
        assertThat(tasks()).hasSize(27).contains("t1|edited by the app", "app1|inserted by the app", "t26|task 26");
    }

    @Test
    public void rerunThatWritesNothing_takesNoBackupAndReportsNone() throws Exception {
        exportTasks(1, 5);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());
        int backups = m.backups().list().size();

        DataMigrationResult again = m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());

        assertThat(again.read()).isZero();
        assertThat(again.backupId()).isEmpty();
        assertThat(m.backups().list()).hasSize(backups);
    }

    @Test
    public void runThatOnlyRejectedRecordsFails_putsItsCheckpointBackSoTheNextRunReadsThemAgain() throws Exception {
        exportTasks(1, 5);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());
        exportTasks(6, 15);
        Transform rejectAll = r -> {
            throw new IllegalStateException("the new records need a newer transform");
        };

        // Every new record is rejected: nothing is written, so no backup, and past maxErrorRate the run fails.
        assertThatThrownBy(() -> m.data().migrate(importTasks(rejectAll), DataMigrationOptions.builder().batchSize(5)
                .continueOnError(true).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_ERROR_RATE);
                    assertThat(e.result().failed()).isEqualTo(10);
                    assertThat(e.result().restored()).isFalse();
                    assertThat(e.getMessage()).contains("This run wrote nothing; its checkpoint went back to where it "
                            + "started, so the next run resumes after record 4, where this one started.");
                });
        assertThat(m.data().status(importTasks(AS_IS)).position()).isEqualTo(5);

        DataMigrationResult fixed = m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());
        assertThat(fixed.read()).isEqualTo(10);
        assertThat(tasks()).hasSize(15);
    }

    // ---------------------------------------------------------------- 2. a resume notices a changed source

    @Test
    public void resume_sourceEditedInThePartAlreadyRead_isRefusedAndWritesNothing() throws Exception {
        exportTasks(1, 20);
        MigrationManager m = dataManager();
        DataMigrationOptions noRestore = DataMigrationOptions.builder().batchSize(5).restoreOnFailure(false).build();
        assertThatThrownBy(() -> m.data().migrate(importTasks(failingAt("t13")), noRestore))
                .isInstanceOf(DataMigrationException.class);
        assertThat(tasks()).hasSize(10);

        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        lines.set(2, lines.get(2).replace("task 3", "task three"));
        lines.add("{\"id\":\"t21\",\"title\":\"task 21\",\"state\":\"todo\"}");
        Files.write(export, lines);

        assertThatThrownBy(() -> m.data().migrate(importTasks(AS_IS), noRestore))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("cannot resume after record 9")
                            .contains("records among the first 10 of its source (already read) were edited, removed or "
                                    + "reordered")
                            .contains("the file was").contains("bytes")
                            .contains("Nothing was written")
                            .contains("DataMigrationOptions.restart(true)");
                });
        assertThat(tasks()).hasSize(10).contains("t3|task 3");

        DataMigrationResult restarted = m.data().migrate(importTasks(AS_IS), DataMigrationOptions.builder().batchSize(5)
                .restart(true).build());
        assertThat(restarted.resumedAfter()).isZero();
        assertThat(restarted.read()).isEqualTo(21);
        assertThat(tasks()).hasSize(21).contains("t3|task three", "t21|task 21");
    }

    @Test
    public void resume_sourceShortened_isRefused() throws Exception {
        exportTasks(1, 10);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.builder().batchSize(5).build());
        Files.writeString(export, "");
        exportTasks(1, 6);

        assertThatThrownBy(() -> m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("its source now has 6 records, fewer than the 10 already read");
                });
    }

    @Test
    public void resume_recordsAppended_readsOnlyTheNewOnes() throws Exception {
        exportTasks(1, 10);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.builder().batchSize(4).build());
        exportTasks(11, 12);

        DataMigrationResult again = m.data().migrate(importTasks(AS_IS), DataMigrationOptions.builder().batchSize(4).build());

        assertThat(again.resumedAfter()).isEqualTo(10);
        assertThat(again.read()).isEqualTo(2);
        assertThat(again.written()).isEqualTo(2);
        assertThat(tasks()).hasSize(12);
    }

    @Test
    public void resume_definitionChanged_isRefusedNamingWhatChanged() throws Exception {
        exportTasks(1, 10);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());
        DataMigration skipping = importTasks(AS_IS, ConflictStrategy.skip());

        assertThatThrownBy(() -> m.data().migrate(skipping, DataMigrationOptions.defaults()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("its definition changed since the checkpoint was written")
                            .contains("conflicts: was").contains("Overwrite").contains("Skip");
                });
    }

    // ---------------------------------------------------------------- 3. verification counts this run's records

    @Test
    public void rerunAfterTheApplicationInserted_verifiesValidAndNotesTheirRows() throws Exception {
        exportTasks(1, 10);
        MigrationManager m = dataManager();
        m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());
        appWrites("app1", "inserted by the app", "pending");

        DataMigrationResult again = m.data().migrate(importTasks(AS_IS), DataMigrationOptions.defaults());

        assertThat(again.verification()).isPresent();
        assertThat(again.verification().get().isValid()).as("%s", again.verification().get().problems()).isTrue();
        assertThat(again.verification().get().notes()).singleElement().asString()
                .contains("holds 11 rows, 1 more than this migration accounts for (0 before its first run + 10 inserted "
                        + "by its runs): inserted by others");
    }

    // ---------------------------------------------------------------- 4. a partial report counts what happened

    @Test
    public void partialReport_recordRejected_countsTheRecordsReadAndTheRejection() throws Exception {
        exportTasks(1, 10);
        assertThatThrownBy(() -> dataManager().data().migrate(importTasks(failingAt("t8")), DataMigrationOptions.builder()
                .batchSize(5).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.result().read()).isEqualTo(8);
                    assertThat(e.result().written()).isEqualTo(5);
                    assertThat(e.result().failed()).isEqualTo(1);
                    assertThat(e.result().rejections()).singleElement()
                            .satisfies(x -> assertThat(x.position()).isEqualTo(7));
                });
    }

    @Test
    public void partialReport_dryRunRejected_countsWhatWouldHaveBeenWritten() throws Exception {
        exportTasks(1, 10);
        assertThatThrownBy(() -> dataManager().data().migrate(importTasks(failingAt("t8")), DataMigrationOptions.builder()
                .batchSize(5).dryRun(true).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.result().dryRun()).isTrue();
                    assertThat(e.result().read()).isEqualTo(8);
                    assertThat(e.result().written()).isEqualTo(5);
                    assertThat(e.result().failed()).isEqualTo(1);
                });
        assertThat(tasks()).isEmpty();
    }

    // ---------------------------------------------------------------- 5. an update keeps the record's identity

    @Test
    public void update_recordWithAFreshlyGeneratedId_keepsTheExistingRowsPrimaryKey() {
        database().execute(schema, server().createTextKeyTable("people", List.of("email"), "email", "name", "updated_at"));
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", "keep-me");
        person.put("email", "a@example.com");
        person.put("name", "Old");
        person.put("updated_at", "2026-01-01T00:00:00Z");
        database().insert(schema, "people", List.of(person));
        List<ConflictStrategy> strategies = List.of(ConflictStrategy.newest("updated_at"), ConflictStrategy.overwrite(),
                ConflictStrategy.merge());
        for (int i = 0; i < strategies.size(); i++) {
            ConflictStrategy strategy = strategies.get(i);
            String stamp = "2026-0" + (2 + i) + "-01T00:00:00Z"; // newer every time, so newest takes the record
            DataMigrationResult r = dataManager().data().migrate(DataMigration.builder("people_" + strategy.name())
                    .source(RecordSource.of("people", List.of(Map.of("email", "a@example.com", "name",
                            "New " + strategy.name(), "updated_at", stamp))))
                    .transform(Transforms.newId(server().keyField(), Transforms.IdKind.UUID_V7))
                    .target(DataTarget.of(CORE, schema + ".people", "email"))
                    .conflict(strategy)
                    .build(), DataMigrationOptions.defaults());

            assertThat(r.written()).as(strategy.name()).isEqualTo(1);
            assertThat(dump(schema, "people", "name")).as(strategy.name()).containsExactly("keep-me|New " + strategy.name());
        }
    }

    @Test
    public void insert_recordWithAFreshlyGeneratedId_getsIt() {
        database().execute(schema, server().createTextKeyTable("people", List.of("email"), "email", "name", "updated_at"));
        dataManager().data().migrate(DataMigration.builder("people_new")
                .source(RecordSource.of("people", List.of(Map.of("email", "b@example.com", "name", "B"))))
                .transform(Transforms.newId(server().keyField(), Transforms.IdKind.UUID_V7))
                .target(DataTarget.of(CORE, schema + ".people", "email"))
                .conflict(ConflictStrategy.overwrite())
                .build(), DataMigrationOptions.defaults());

        assertThat(database().read(schema, "people")).singleElement()
                .satisfies(p -> assertThat(String.valueOf(p.get("id"))).hasSize(36));
    }
}
