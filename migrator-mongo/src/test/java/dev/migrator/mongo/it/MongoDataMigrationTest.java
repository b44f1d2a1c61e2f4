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
import dev.migrator.api.Transforms;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data migrations into and out of MongoDB collections, through the driver against the test server. */
class MongoDataMigrationTest extends MongoItSupport {

    @TempDir
    Path dir;

    private MigrationManager dataManager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    private List<Document> all(String collection) {
        return db.database().getCollection(collection).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    @Test
    void migrateData_collectionToCollection_copiesEveryDocumentAndResumesAfterAFailure() {
        MongoCollection<Document> source = db.database().getCollection("events");
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= 1_250; i++) {
            docs.add(new Document("_id", i).append("kind", i % 3 == 0 ? "click" : "view")
                    .append("amount", new Decimal128(new java.math.BigDecimal(i + ".10")))
                    .append("meta", new Document("n", i).append("tags", List.of("a", "b"))));
        }
        source.insertMany(docs);
        db.database().createCollection("events_copy");
        MigrationManager m = dataManager();
        int[] seen = {0};

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("copy_events")
                .source(RecordSource.collection("mongo", "events"))
                .transform(r -> {
                    if (++seen[0] == 700) {
                        throw new IllegalStateException("stop here");
                    }
                    return r;
                })
                .target(DataTarget.of("mongo", "events_copy", "_id")).build(),
                DataMigrationOptions.builder().batchSize(200).restoreOnFailure(false).build()))
                .isInstanceOf(DataMigrationException.class);
        assertThat(db.database().getCollection("events_copy").countDocuments()).isEqualTo(600);

        // The same definition with the failure fixed (a transform's body is code; their number is compared).
        DataMigrationResult r = m.migrateData(DataMigration.builder("copy_events")
                .source(RecordSource.collection("mongo", "events"))
                .transform(rec -> rec)
                .target(DataTarget.of("mongo", "events_copy", "_id")).build(),
                DataMigrationOptions.builder().batchSize(200).build());

        assertThat(r.resumedAfter()).isEqualTo(600);
        assertThat(r.read()).isEqualTo(650);
        assertThat(all("events_copy")).isEqualTo(all("events"));
    }

    @Test
    void migrateData_jsonFileIntoACollection_upsertsWithNewestAndKeepsOtherFields() throws Exception {
        MongoCollection<Document> tasks = db.database().getCollection("tasks");
        tasks.insertOne(new Document("_id", "t1").append("title", "old").append("updatedAt", "2025-01-01T00:00:00Z")
                .append("note", "kept"));
        tasks.insertOne(new Document("_id", "t2").append("title", "newer in db").append("updatedAt", "2025-06-01T00:00:00Z"));
        Path file = dir.resolve("tasks.ndjson");
        Files.writeString(file, """
                {"id": "t1", "title": "from file", "status": "todo", "updatedAt": "2025-02-01T00:00:00Z"}
                {"id": "t2", "title": "older in file", "status": "done", "updatedAt": "2025-03-01T00:00:00Z"}
                {"id": "t3", "title": "brand new", "status": "todo", "updatedAt": "2025-03-01T00:00:00Z"}
                """);

        DataMigrationResult r = dataManager().migrateData(DataMigration.builder("tasks_file")
                .source(RecordSource.jsonFile(file, "tasks"))
                .transform(Transforms.rename("id", "_id"))
                .transform(Transforms.mapValues("status", Map.of("todo", "pending", "done", "completed")))
                .target(DataTarget.of("mongo", "tasks", "_id"))
                .conflict(ConflictStrategy.newest("updatedAt")).build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(r.conflicts()).containsEntry("newest:incoming", 1L).containsEntry("newest:existing", 1L);
        List<Document> after = all("tasks");
        assertThat(after).extracting(d -> d.getString("title")).containsExactly("from file", "newer in db", "brand new");
        assertThat(after.get(0).getString("note")).isEqualTo("kept");
        assertThat(after.get(0).getString("status")).isEqualTo("pending");
    }

    @Test
    void migrateData_collectionIntoPostgres_convertsDocumentsToRows() throws Exception {
        db.database().getCollection("users").insertMany(List.of(
                new Document("_id", 1L).append("email", "a@example.com").append("plan", "pro")
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-01-02T03:04:05Z"))),
                new Document("_id", 2L).append("email", "b@example.com").append("plan", "free")
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-02-03T04:05:06Z")))));
        try (TestDatabase pg = TestDatabases.postgres()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, plan text, since timestamptz)");
            }
            MigrationManager m = track(MigrationManager.builder()
                    .connection("mongo", db.uri(), null, null)
                    .connection("core", pg.url(), pg.user(), pg.password())
                    .backupDirectory(dir.resolve("backups")).build());

            DataMigrationResult r = m.migrateData(DataMigration.builder("users_to_pg")
                    .source(RecordSource.collection("mongo", "users"))
                    .transform(Transforms.rename("_id", "id"))
                    .target(DataTarget.of("core", "users", "id")).build());

            assertThat(r.written()).isEqualTo(2);
            List<String> rows = new ArrayList<>();
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, email, plan, extract(epoch FROM since)::bigint FROM users ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4));
                }
            }
            assertThat(rows).containsExactly("1|a@example.com|pro|1735787045", "2|b@example.com|free|1738555506");
        }
    }

    @Test
    void migrateData_missingTargetCollection_isRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> dataManager().migrateData(DataMigration.builder("nowhere")
                .source(RecordSource.of("x", List.of(Map.of("_id", 1))))
                .target(DataTarget.of("mongo", "absent", "_id")).build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_TARGET_INVALID);
                    assertThat(e.getMessage()).contains("collection " + db.name() + ".absent does not exist");
                });
    }
}
