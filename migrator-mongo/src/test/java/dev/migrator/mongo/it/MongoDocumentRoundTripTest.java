package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents cross the backend as maps in every session (backups, restores, data migrations), and nothing of any BSON
 * type is lost on the way: a backup stores the same canonical Extended JSON the driver writes from the stored bytes (so
 * backups taken before documents became maps restore and verify, and a new backup of the same data has the same
 * bytes), a restore puts back the same bytes, and a data migration copies a document without changing a type.
 */
class MongoDocumentRoundTripTest extends MongoItSupport {

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final UUID UUID_VALUE = UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");

    @TempDir
    Path backups;

    /** Every BSON type MongoDB stores, with the edge values of each that a conversion could lose. */
    private static BsonDocument everyType(int id) {
        return new BsonDocument("_id", new BsonInt32(id))
                .append("oid", new BsonObjectId(new ObjectId("65a1b2c3d4e5f60718293a4b")))
                .append("int32", new BsonInt32(Integer.MIN_VALUE))
                .append("int64", new BsonInt64(Long.MIN_VALUE))
                .append("smallInt64", new BsonInt64(1))
                .append("double", new BsonDouble(-0.0))
                .append("nan", new BsonDouble(Double.NaN))
                .append("infinity", new BsonDouble(Double.NEGATIVE_INFINITY))
                .append("wholeDouble", new BsonDouble(3.0))
                .append("decimal", new BsonDecimal128(Decimal128.parse("-0.000000000000000000000000000000001")))
                .append("decimalNaN", new BsonDecimal128(Decimal128.NaN))
                .append("decimalScale", new BsonDecimal128(Decimal128.parse("1.50")))
                .append("dateBefore1970", new BsonDateTime(-86_400_001L))
                .append("dateFar", new BsonDateTime(253_402_300_799_999L))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7))
                .append("regex", new BsonRegularExpression("^a\\.b$", "im"))
                .append("binary", new BsonBinary(new byte[] {0, 1, (byte) 0xff}))
                .append("userBinary", new BsonBinary((byte) 0x80, new byte[] {9, 8, 7}))
                .append("uuidStandard", new BsonBinary(UUID_VALUE, UuidRepresentation.STANDARD))
                .append("uuidLegacy", new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY))
                .append("undefined", new BsonUndefined())
                .append("minKey", new BsonMinKey())
                .append("maxKey", new BsonMaxKey())
                .append("code", new BsonJavaScript("function() { return 1; }"))
                .append("null", BsonNull.VALUE)
                .append("string", new BsonString("é ✓ \uD83D\uDE00 \"quoted\"\n\ttabbed"))
                .append("empty", new BsonDocument())
                .append("nestedArrays", new BsonArray(List.of(new BsonArray(List.of(new BsonInt32(1), new BsonInt64(1),
                        new BsonArray(List.of(new BsonDouble(1.0), new BsonArray())))), new BsonDocument("z", new BsonInt32(1))
                        .append("a", new BsonArray(List.of(new BsonMinKey(), BsonNull.VALUE))))));
    }

    private MigrationManager manager(String uri) {
        return track(MigrationManager.builder().connection("mongo", uri, null, null).backupDirectory(backups).build());
    }

    private void insert(String collection, BsonDocument... documents) {
        db.database().getCollection(collection, BsonDocument.class).insertMany(List.of(documents));
    }

    /** The stored documents as the driver writes them from their bytes, by {@code _id}. */
    private List<String> stored(String collection) {
        List<String> out = new ArrayList<>();
        for (RawBsonDocument d : db.database().getCollection(collection, RawBsonDocument.class).find()
                .sort(new Document("_id", 1))) {
            out.add(d.toJson(CANONICAL));
        }
        return out;
    }

    /** What a backup stored before documents became maps: the driver's canonical Extended JSON, written compactly. */
    private static String compact(String json) {
        JsonFactory factory = new JsonFactory();
        StringWriter out = new StringWriter();
        try (JsonParser p = factory.createParser(json); JsonGenerator g = factory.createGenerator(out)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<String> backedUp(MigrationManager m, BackupManifest backup, String table) {
        try (Stream<Map<String, Object>> rows = m.backups().records(backup.id(), table, null)) {
            return rows.map(r -> String.valueOf(r.get("document"))).toList();
        }
    }

    @Test
    void backup_ofEveryBsonType_storesTheDriversCanonicalTextOfTheStoredBytes() {
        insert("types", everyType(1), everyType(2));
        List<String> before = stored("types");
        MigrationManager m = manager(db.uri());

        BackupManifest first = m.backup(BackupRequest.builder().label("first").build());
        BackupManifest second = m.backup(BackupRequest.builder().label("second").build());

        assertThat(backedUp(m, first, db.name() + ".types"))
                .containsExactlyElementsOf(before.stream().map(MongoDocumentRoundTripTest::compact).toList());
        assertThat(second.tables().get(0).contentChecksum()).as("the same data gives the same backup content")
                .isEqualTo(first.tables().get(0).contentChecksum());
    }

    @Test
    void backupThenRestore_ofEveryBsonType_putsBackTheSameBytes_andVerifies() {
        insert("types", everyType(1), everyType(2));
        List<String> before = stored("types");
        MigrationManager m = manager(db.uri());
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("types").deleteOne(new Document("_id", 2));
        db.database().getCollection("types").updateOne(new Document("_id", 1),
                new Document("$set", new Document("int32", 1L)));

        RestoreResult restored = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(stored("types")).containsExactlyElementsOf(before);
        assertThat(restored.verification().isValid()).as("%s", restored.verification().problems()).isTrue();
        assertThat(m.backups().verify(backup.id()).isValid()).isTrue();
    }

    @Test
    void backupThenRestore_withALegacyUuidRepresentationOnTheUri_keepsBinarySubtypesAsStored() {
        insert("uuids", new BsonDocument("_id", new BsonInt32(1))
                .append("legacy", new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY))
                .append("standard", new BsonBinary(UUID_VALUE, UuidRepresentation.STANDARD)));
        List<String> before = stored("uuids");
        String uri = db.uri() + (db.uri().contains("?") ? "&" : "?") + "uuidRepresentation=javaLegacy";
        MigrationManager m = manager(uri);
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("uuids").deleteMany(new Document());

        RestoreResult restored = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(stored("uuids")).containsExactlyElementsOf(before);
        assertThat(restored.verification().isValid()).as("%s", restored.verification().problems()).isTrue();
        BsonDocument back = db.database().getCollection("uuids", BsonDocument.class).find().first();
        assertThat(back.getBinary("legacy").getType()).isEqualTo(BsonBinarySubType.UUID_LEGACY.getValue());
        assertThat(back.getBinary("standard").getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
    }

    /** Regression: a copy read a legacy UUID as a java.util.UUID and wrote it back as a standard one (subtype 4). */
    @Test
    void migrateData_collectionToCollection_withALegacyUuidRepresentation_keepsSubtype3AsStored() {
        insert("source", new BsonDocument("_id", new BsonInt32(1))
                .append("legacy", new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY))
                .append("standard", new BsonBinary(UUID_VALUE, UuidRepresentation.STANDARD)));
        db.database().createCollection("copy");
        String uri = db.uri() + (db.uri().contains("?") ? "&" : "?") + "uuidRepresentation=javaLegacy";
        MigrationManager m = manager(uri);

        m.migrateData(DataMigration.builder("copy_uuids")
                .source(RecordSource.collection("mongo", "source"))
                .target(DataTarget.of("mongo", "copy", "_id"))
                .build());

        assertThat(stored("copy")).containsExactlyElementsOf(stored("source"));
    }

    /** Regression: a copy refused MinKey, MaxKey, Symbol and Code values, which it had read itself. */
    @Test
    void migrateData_collectionToCollection_keepsMinKeyMaxKeyCodeAndEveryOtherTypeAsStored() {
        insert("source", everyType(1), everyType(2));
        db.database().createCollection("copy");
        String uri = db.uri() + (db.uri().contains("?") ? "&" : "?") + "uuidRepresentation=javaLegacy";
        MigrationManager m = manager(uri);

        DataMigrationResult r = m.migrateData(DataMigration.builder("copy_types")
                .source(RecordSource.collection("mongo", "source"))
                .target(DataTarget.of("mongo", "copy", "_id"))
                .build());

        assertThat(r.written()).isEqualTo(2);
        assertThat(stored("copy")).containsExactlyElementsOf(stored("source"));
    }
}
