package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores of MongoDB collections through {@link MigrationManager}: exact BSON types, replacement of changed
 * data with the indexes kept, other databases, failures that leave the live collections alone, verify, encryption and
 * a collection of many batches.
 *
 * <p>The in-process server is a standalone server without snapshot reads, sessions or a real storage engine: there the
 * manifest says "none", and these tests cannot show snapshot reads at one cluster time (replica sets of MongoDB 5.0+),
 * copied collection options (validators, collation, capped) or non-unique and TTL indexes surviving a restore (it
 * ignores them). Set MIGRATOR_TEST_MONGO_URI to a replica set to run the same tests against a real server.
 */
class MongoBackupTest extends MongoItSupport {

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @TempDir
    Path backups;

    private MigrationManager backupManager() {
        return track(builder().backupDirectory(backups).build());
    }

    private MongoCollection<BsonDocument> collection(String name) {
        return db.database().getCollection(name, BsonDocument.class);
    }

    private List<String> json(String collection) {
        return json(db.database(), collection);
    }

    /** Every document of a collection as canonical Extended JSON (exact types and field order), by {@code _id}. */
    private static List<String> json(MongoDatabase database, String collection) {
        List<String> out = new ArrayList<>();
        for (BsonDocument d : database.getCollection(collection, BsonDocument.class).find().sort(new Document("_id", 1))) {
            out.add(d.toJson(CANONICAL));
        }
        return out;
    }

    /** One document with a field of each common BSON type, in an order that is not alphabetical. */
    private static BsonDocument everyType(ObjectId id) {
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        UUID uuid = UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");
        return new BsonDocument("_id", new BsonObjectId(id))
                .append("string", new BsonString("héllo \"wörld\" ✓\nline two"))
                .append("int32", new BsonInt32(42))
                .append("int64", new BsonInt64(42L))
                .append("bigInt64", new BsonInt64(Long.MAX_VALUE))
                .append("double", new BsonDouble(1.5))
                .append("wholeDouble", new BsonDouble(2.0))
                .append("decimal", new BsonDecimal128(Decimal128.parse("12345678901234567890.123456789012")))
                .append("boolean", BsonBoolean.TRUE)
                .append("date", new BsonDateTime(1_700_000_000_123L))
                .append("null", BsonNull.VALUE)
                .append("binary", new BsonBinary(bytes))
                .append("uuid", new BsonBinary(uuid, UuidRepresentation.STANDARD))
                .append("nested", new BsonDocument("z", new BsonInt32(1))
                        .append("a", new BsonDocument("deeper", new BsonArray(List.of(new BsonInt64(7), new BsonString("x"))))))
                .append("array", new BsonArray(List.of(new BsonInt32(1), new BsonInt64(2), new BsonDouble(3.0),
                        new BsonString("four"), new BsonDocument("five", new BsonInt32(5)), new BsonArray())))
                .append("regex", new BsonRegularExpression("^a.*z$", "i"))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7));
    }

    @Test
    void backupThenRestore_roundTripsEveryBsonType() {
        ObjectId first = new ObjectId();
        ObjectId second = new ObjectId();
        collection("types").insertMany(List.of(everyType(first), everyType(second), new BsonDocument("_id", new BsonInt32(3))));
        List<String> before = json("types");
        MigrationManager m = backupManager();

        BackupManifest backup = m.backup(BackupRequest.builder().label("types").build());
        collection("types").deleteOne(new Document("_id", second));
        collection("types").updateOne(new Document("_id", first), new Document("$set", new Document("int32", 43L)));
        collection("types").insertOne(new BsonDocument("_id", new BsonInt32(4)));
        RestoreResult restored = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(json("types")).containsExactlyElementsOf(before);
        BsonDocument back = collection("types").find(new Document("_id", first)).first();
        assertThat(back.keySet()).as("field order").containsExactlyElementsOf(everyType(first).keySet());
        assertThat(back.get("int32").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(back.get("int64").getBsonType()).isEqualTo(BsonType.INT64);
        assertThat(back.get("wholeDouble").getBsonType()).isEqualTo(BsonType.DOUBLE);
        assertThat(back.getDecimal128("decimal").getValue()).isEqualTo(Decimal128.parse("12345678901234567890.123456789012"));
        assertThat(back.getBinary("uuid").getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
        assertThat(back.getDateTime("date").getValue()).isEqualTo(1_700_000_000_123L);
        assertThat(back.getTimestamp("timestamp")).isEqualTo(new BsonTimestamp(1_700_000_000, 7));
        assertThat(back).isEqualTo(everyType(first));
        assertThat(restored.rowCount()).isEqualTo(3);
        assertThat(restored.verification().isValid()).as("%s", restored.verification().problems()).isTrue();
        assertThat(backup.tables()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo(db.name() + ".types");
            assertThat(t.rowCount()).isEqualTo(3);
            assertThat(t.columns()).extracting(BackupManifest.Column::name).containsExactly("document");
        });
    }

    @Test
    void backup_storesCanonicalExtendedJson() {
        collection("types").insertOne(everyType(new ObjectId()));
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.defaults());

        try (Stream<java.util.Map<String, Object>> rows = m.backups().records(backup.id(), db.name() + ".types", null)) {
            String document = String.valueOf(rows.findFirst().orElseThrow().get("document"));
            assertThat(document).contains("\"int32\":{\"$numberInt\":\"42\"}", "\"int64\":{\"$numberLong\":\"42\"}",
                    "{\"$numberDecimal\":\"12345678901234567890.123456789012\"}", "\"$oid\"",
                    "\"date\":{\"$date\":{\"$numberLong\":\"1700000000123\"}}", "\"subType\":\"04\"");
        }
    }

    @Test
    void restore_replacesChangedData_andKeepsTheUniqueIndex() {
        MongoCollection<Document> users = db.database().getCollection("users");
        users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("users_email"));
        users.insertMany(List.of(new Document("_id", 1).append("email", "a@x"), new Document("_id", 2).append("email", "b@x"),
                new Document("_id", 3).append("email", "c@x")));
        List<String> before = json("users");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.defaults());
        users.updateOne(new Document("_id", 1), new Document("$set", new Document("email", "changed@x")));
        users.deleteOne(new Document("_id", 2));
        users.insertOne(new Document("_id", 9).append("email", "new@x"));

        m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(json("users")).containsExactlyElementsOf(before);
        assertThat(indexNames("users")).contains("_id_", "users_email");
        assertThatThrownBy(() -> users.insertOne(new Document("_id", 10).append("email", "a@x")))
                .as("the restored collection still has its unique index").isInstanceOf(MongoWriteException.class);
        assertThat(collections()).as("no restore copy is left").containsExactly("users");
    }

    @Test
    void restore_ofADroppedCollection_createsItAgain() {
        db.database().getCollection("events").insertMany(List.of(new Document("_id", 1).append("kind", "a"),
                new Document("_id", 2).append("kind", "b")));
        db.database().getCollection("empty").insertOne(new Document("_id", 1));
        db.database().getCollection("empty").deleteMany(new Document());
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("events").drop();
        db.database().getCollection("empty").drop();

        RestoreResult result = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(json("events")).containsExactly("{\"_id\": {\"$numberInt\": \"1\"}, \"kind\": \"a\"}",
                "{\"_id\": {\"$numberInt\": \"2\"}, \"kind\": \"b\"}");
        assertThat(collections()).containsExactlyInAnyOrder("events", "empty");
        assertThat(result.tables()).extracting(RestoreResult.RestoredTable::rows).containsExactly(0L, 2L);
    }

    @Test
    void restore_intoAnotherDatabase_replacesItsCollection_andLeavesTheSourceAlone() {
        db.database().getCollection("items").insertMany(List.of(new Document("_id", 1).append("name", "one"),
                new Document("_id", 2).append("name", "two")));
        String otherName = db.name() + "_copy"; // dropped with the test database
        MongoDatabase other = db.client().getDatabase(otherName);
        other.getCollection("items").insertOne(new Document("_id", 7).append("name", "old"));
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("items").updateOne(new Document("_id", 1), new Document("$set", new Document("name", "changed")));

        RestoreResult result = m.restore(backup.id(), RestoreRequest.builder().target(Target.of("mongo", otherName)).build());

        assertThat(json(other, "items")).containsExactly("{\"_id\": {\"$numberInt\": \"1\"}, \"name\": \"one\"}",
                "{\"_id\": {\"$numberInt\": \"2\"}, \"name\": \"two\"}");
        assertThat(json("items")).first().asString().contains("changed");
        assertThat(result.tables()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo(db.name() + ".items");
            assertThat(t.restoredAs()).isEqualTo(otherName + ".items");
        });
    }

    @Test
    void restore_thatFailsOnTheSecondCollection_leavesEveryLiveCollectionUntouched() {
        // The source has no unique index, so it holds two users with one email; the target's users collection has one.
        db.database().getCollection("orders").insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
        db.database().getCollection("users").insertMany(List.of(new Document("_id", 1).append("email", "same@x"),
                new Document("_id", 2).append("email", "same@x")));
        String otherName = db.name() + "_strict";
        MongoDatabase other = db.client().getDatabase(otherName);
        other.getCollection("orders").insertOne(new Document("_id", 100).append("note", "kept"));
        other.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("users_email"));
        other.getCollection("users").insertOne(new Document("_id", 100).append("email", "kept@x"));
        List<String> ordersBefore = json(other, "orders");
        List<String> usersBefore = json(other, "users");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.defaults());
        assertThat(backup.tables()).extracting(BackupManifest.Table::name)
                .as("orders is loaded first, users fails").containsExactly(db.name() + ".orders", db.name() + ".users");

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().target(Target.of("mongo", otherName)).build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_FAILED))
                .hasMessageContaining("users_email")
                .hasMessageContaining(otherName + ".users was not replaced")
                .hasMessageContaining("Everything was rolled back");

        assertThat(json(other, "orders")).as("the collection loaded before the failure").isEqualTo(ordersBefore);
        assertThat(json(other, "users")).isEqualTo(usersBefore);
        List<String> names = other.listCollectionNames().into(new ArrayList<>());
        assertThat(names).as("no restore copy is left").containsExactlyInAnyOrder("orders", "users");
        List<String> indexes = new ArrayList<>();
        other.getCollection("users").listIndexes().forEach(d -> indexes.add(d.getString("name")));
        assertThat(indexes).contains("users_email");
    }

    @Test
    void manifest_saysHonestlyHowConsistentTheBackupIs() {
        db.database().getCollection("items").insertOne(new Document("_id", 1));
        MigrationManager m = backupManager();

        BackupManifest backup = m.backup(BackupRequest.defaults());

        if (db.transactions()) {
            assertThat(backup.consistency()).startsWith("snapshot: readConcern snapshot at cluster time ")
                    .contains("all collections at one point in time");
        } else {
            // The in-process server is a standalone server: there is no snapshot to read at.
            assertThat(backup.consistency()).isEqualTo("none: standalone server, collections read in turn");
        }
        assertThat(m.backups().manifest(backup.id()).consistency()).isEqualTo(backup.consistency());
        assertThat(backup.source().product()).isEqualTo("mongodb");
    }

    @Test
    void backup_leavesOutTheHistoryAndLockCollections() {
        write("V1__create_items.json", "[{\"insert\": \"items\", \"documents\": [{\"_id\": 1}]}]");
        MigrationManager m = backupManager();
        m.migrate();
        assertThat(collections()).contains(HISTORY, "items");

        BackupManifest backup = m.backup(BackupRequest.defaults());

        assertThat(backup.tables()).extracting(BackupManifest.Table::name).containsExactly(db.name() + ".items");
    }

    @Test
    void backupOfAMissingCollection_namesItAndLeavesNoBackup() {
        db.database().getCollection("items").insertOne(new Document("_id", 1));
        MigrationManager m = backupManager();

        assertThatThrownBy(() -> m.backup(BackupRequest.builder().tables("items", "nope").build()))
                .hasMessageContaining(db.name() + ".nope")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("[items]");

        assertThat(m.backups().list()).isEmpty();
        assertThat(backups.toFile().list()).isEmpty();
    }

    @Test
    void backupThenRestore_ofACollectionOfManyBatches_streamsAndRoundTrips() {
        int n = 25_000;
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Document("_id", i).append("n", (long) i).append("pad", "x".repeat(100)));
            if (batch.size() == 5_000) {
                db.database().getCollection("big").insertMany(batch);
                batch.clear();
            }
        }
        MigrationManager m = backupManager();
        long start = System.nanoTime();

        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("big").deleteMany(new Document("_id", new Document("$gte", 10_000)));
        RestoreResult result = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(backup.rowCount()).isEqualTo(n);
        assertThat(result.rowCount()).isEqualTo(n);
        assertThat(count("big")).isEqualTo(n);
        assertThat(result.verification().isValid()).as("%s", result.verification().problems()).isTrue();
        assertThat(db.database().getCollection("big").find(new Document("_id", n - 1)).first())
                .containsEntry("n", (long) (n - 1));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMinutes(2));
    }
}
