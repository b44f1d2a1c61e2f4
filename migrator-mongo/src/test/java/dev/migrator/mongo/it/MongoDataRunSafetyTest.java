package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
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
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On MongoDB, what a data migration may undo and where it may resume across runs (issue 15, items 1–3): a failed re-run
 * restores only what it wrote, a resume over a changed source is refused, and documents the application added are not
 * a verification failure.
 */
class MongoDataRunSafetyTest extends MongoItSupport {

    @TempDir
    Path dir;

    private MigrationManager dataManager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    private Path export() {
        return dir.resolve("tasks.ndjson");
    }

    private void exportTasks(int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("{\"id\":\"t").append(i).append("\",\"title\":\"task ").append(i).append("\"}\n");
        }
        Files.writeString(export(), b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private DataMigration importTasks(Transform last) {
        return DataMigration.builder("import_tasks")
                .source(RecordSource.jsonFile(export(), "tasks"))
                .transform(Transforms.rename("id", "_id"))
                .transform(last)
                .target(DataTarget.of("mongo", "tasks", "_id"))
                .conflict(ConflictStrategy.overwrite())
                .build();
    }

    private static Transform failingAt(String id) {
        return r -> {
            if (id.equals(r.get("_id"))) {
                throw new IllegalStateException("cannot import " + id);
            }
            return r;
        };
    }

    private static final Transform AS_IS = r -> r;

    private List<String> tasks() {
        List<String> out = new ArrayList<>();
        for (Document d : db.database().getCollection("tasks").find().sort(new Document("_id", 1))) {
            out.add(d.get("_id") + "|" + d.get("title"));
        }
        return out;
    }

    @Test
    void rerunFails_afterTheApplicationWrote_restoresOnlyWhatThisRunWrote() throws Exception {
        db.database().createCollection("tasks");
        exportTasks(1, 20);
        MigrationManager m = dataManager();
        DataMigrationOptions options = DataMigrationOptions.builder().batchSize(5).build();
        DataMigrationResult first = m.migrateData(importTasks(AS_IS), options);
        assertThat(first.written()).isEqualTo(20);
        MongoCollection<Document> tasks = db.database().getCollection("tasks");
        tasks.updateOne(new Document("_id", "t1"), new Document("$set", new Document("title", "edited by the app")));
        tasks.insertOne(new Document("_id", "app1").append("title", "inserted by the app"));
        List<String> beforeRerun = tasks();
        exportTasks(21, 26);

        assertThatThrownBy(() -> m.migrateData(importTasks(failingAt("t26")), options))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.result().restored()).isTrue();
                    assertThat(e.result().backupId()).isPresent().get().isNotEqualTo(first.backupId().orElseThrow());
                });

        assertThat(tasks()).containsExactlyElementsOf(beforeRerun).contains("t1|edited by the app",
                "app1|inserted by the app");
        DataMigrationResult third = m.migrateData(importTasks(AS_IS), options);
        assertThat(third.resumedAfter()).isEqualTo(20);
        assertThat(tasks()).hasSize(27).contains("t1|edited by the app", "t26|task 26");
    }

    @Test
    void resume_sourceEditedInThePartAlreadyRead_isRefusedAndWritesNothing() throws Exception {
        db.database().createCollection("tasks");
        exportTasks(1, 20);
        MigrationManager m = dataManager();
        DataMigrationOptions noRestore = DataMigrationOptions.builder().batchSize(5).restoreOnFailure(false).build();
        assertThatThrownBy(() -> m.migrateData(importTasks(failingAt("t13")), noRestore))
                .isInstanceOf(DataMigrationException.class);
        List<String> lines = new ArrayList<>(Files.readAllLines(export()));
        lines.set(2, lines.get(2).replace("task 3", "task three"));
        Files.write(export(), lines);

        assertThatThrownBy(() -> m.migrateData(importTasks(AS_IS), noRestore))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
                    assertThat(e.getMessage()).contains("records among the first 10 of its source (already read) were "
                            + "edited, removed or reordered");
                });
        assertThat(tasks()).hasSize(10).contains("t3|task 3");

        m.migrateData(importTasks(AS_IS), DataMigrationOptions.builder().restart(true).build());
        assertThat(tasks()).hasSize(20).contains("t3|task three");
    }

    @Test
    void rerunAfterTheApplicationInserted_verifiesValidAndNotesTheirDocuments() throws Exception {
        db.database().createCollection("tasks");
        exportTasks(1, 10);
        MigrationManager m = dataManager();
        m.migrateData(importTasks(AS_IS), DataMigrationOptions.defaults());
        db.database().getCollection("tasks").insertOne(new Document("_id", "app1").append("title", "by the app"));

        DataMigrationResult again = m.migrateData(importTasks(AS_IS), DataMigrationOptions.defaults());

        assertThat(again.verification().orElseThrow().isValid()).as("%s", again.verification().get().problems()).isTrue();
        assertThat(again.verification().get().notes()).singleElement().asString().contains("1 more than this migration "
                + "accounts for");
    }
}
