package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.mongo.MongoBackendProvider;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB {@link DataReadSession} and {@link DataWriteSession} against the server {@link MongoItSupport} gives,
 * through the real driver, where what is checked is MongoDB's own: a collection's shape, name rules, ObjectId and
 * Extended JSON positions, JSON filters, BSON types, upserts by another key, duplicate keys and lost connections, and
 * the checkpoint document. What every backend's sessions share is the test kit's {@code DataSessionContract}. The transaction test runs only on a replica set or sharded cluster (the in-process server
 * has no transactions): set {@code MIGRATOR_TEST_MONGO_URI} to one, or run where Docker is available.
 */
class MongoDataSessionTest extends MongoItSupport {

    private Backend backend;
    private DataReadSession reader;
    private DataWriteSession writer;

    @BeforeEach
    void openSessions() {
        backend = new MongoBackendProvider().open(ConnectionConfig.of("mongo", db.uri(), null, null));
        reader = backend.openDataReader().orElseThrow();
        writer = backend.openDataWriter().orElseThrow();
    }

    @AfterEach
    void closeSessions() {
        writer.close();
        reader.close();
        backend.close();
    }

    private TableInfo table(String name) {
        return new TableInfo(db.name(), name, List.of(dev.migrator.spi.ColumnInfo.of("document", "document", ValueKind.DOCUMENT)),
                List.of("_id"));
    }

    private void seed(String collection, int n) {
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            docs.add(new Document("_id", i).append("n", i).append("even", i % 2 == 0));
        }
        db.database().getCollection(collection).insertMany(docs);
    }

    private List<Document> readAll(TableInfo t, String filter, List<String> orderBy, Object[] after) {
        List<Document> out = new ArrayList<>();
        reader.read(t, filter, orderBy, after, row -> out.add((Document) row[0]));
        return out;
    }

    private static Object[] row(Map<String, Object> document) {
        return new Object[] {document};
    }

    private static List<Object[]> rows(Object[]... rows) {
        return Arrays.asList(rows);
    }

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void describe_missingCollection_returnsNull_existingOne_isOneDocumentColumnKeyedById() {
        seed("users", 1);

        assertThat(reader.describe(db.name(), "missing")).isEmpty();
        assertThat(writer.describe(db.name(), "missing")).isEmpty();
        TableInfo users = reader.describe(db.name(), "users").orElseThrow();
        assertThat(users.schema()).isEqualTo(db.name());
        assertThat(users.name()).isEqualTo("users");
        assertThat(users.columns()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("document");
            assertThat(c.kind()).isEqualTo(ValueKind.DOCUMENT);
        });
        assertThat(users.primaryKey()).containsExactly("_id");
        assertThat(writer.describe(db.name(), "users").orElseThrow()).isEqualTo(users);
    }

    @Test
    void describe_invalidNames_areRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> reader.describe("bad/db", "users"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("'bad/db' is not a MongoDB database name");
        assertThatThrownBy(() -> writer.describe(db.name(), "a$b"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("'a$b' is not a collection a data migration can use");
        assertThatThrownBy(() -> writer.describe(db.name(), "system.users")).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void read_withObjectIdPositionAsExtendedJson_resumesAfterIt() {
        ObjectId a = new ObjectId("65a000000000000000000001");
        ObjectId b = new ObjectId("65a000000000000000000002");
        db.database().getCollection("oids").insertMany(List.of(new Document("_id", b), new Document("_id", a)));
        TableInfo t = reader.describe(db.name(), "oids").orElseThrow();

        assertThat(readAll(t, null, List.of("_id"), new Object[] {a})).extracting(d -> d.get("_id")).containsExactly(b);
        assertThat(readAll(t, null, List.of("_id"), new Object[] {Map.of("$oid", a.toHexString())}))
                .as("a position that went through a JSON checkpoint").extracting(d -> d.get("_id")).containsExactly(b);
    }

    @Test
    void read_compositeOrder_resumesAfterTheTuple() {
        List<Document> docs = new ArrayList<>();
        for (String g : List.of("a", "b")) {
            for (int n = 1; n <= 3; n++) {
                docs.add(new Document("_id", g + n).append("g", g).append("n", n));
            }
        }
        db.database().getCollection("pairs").insertMany(docs);
        TableInfo t = reader.describe(db.name(), "pairs").orElseThrow();

        assertThat(readAll(t, null, List.of("g", "n"), new Object[] {"a", 2})).extracting(d -> d.get("_id"))
                .containsExactly("a3", "b1", "b2", "b3");
    }

    @Test
    void read_andCount_applyTheJsonFilter() {
        seed("nums", 10);
        TableInfo t = reader.describe(db.name(), "nums").orElseThrow();

        assertThat(readAll(t, "{\"even\": true}", List.of("_id"), new Object[] {4})).extracting(d -> d.get("_id"))
                .containsExactly(6, 8, 10);
        assertThat(reader.count(t, "{\"n\": {\"$gt\": 7}}")).hasValue(3);
        assertThat(reader.count(t, null)).hasValue(10);
        assertThat(writer.count(t)).isEqualTo(10);
    }

    @Test
    void filter_notJson_throwsSayingWhatToGive() {
        seed("nums", 1);
        TableInfo t = reader.describe(db.name(), "nums").orElseThrow();

        assertThatThrownBy(() -> reader.count(t, "even = true"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The filter of the source " + db.name() + ".nums of connection 'mongo' is not an "
                        + "Extended JSON document");
    }

    @Test
    void insert_thenFind_byCompositeKey_returnsOnlyMatchingTuples() {
        TableInfo t = table("memberships");
        writer.insert(t, rows(row(doc("org", "x", "user", 1L, "role", "admin")), row(doc("org", "x", "user", 2L, "role", "dev")),
                row(doc("org", "y", "user", 1L, "role", "dev"))));

        List<Object[]> found = writer.find(t, List.of("org", "user"),
                List.of(new Object[] {"x", 2L}, new Object[] {"y", 1L}, new Object[] {"y", 2L}));

        assertThat(found).extracting(r -> ((Document) r[0]).getString("org") + ((Document) r[0]).getLong("user"))
                .containsExactlyInAnyOrder("x2", "y1");
        assertThat(found).allSatisfy(r -> assertThat(((Document) r[0]).get("_id")).as("a generated _id").isInstanceOf(ObjectId.class));
    }

    @Test
    void insert_duplicateKey_throwsNamingTheCollectionAndTheKey_andIsNotTransient() {
        TableInfo t = table("people");
        writer.insert(t, rows(row(doc("_id", 1L, "name", "Ada"))));

        DatabaseException e = catchThrowableOfType(DatabaseException.class,
                () -> writer.insert(t, rows(row(doc("_id", 2L, "name", "Bob")), row(doc("_id", 1L, "name", "Ada again")))));

        assertThat(e).hasMessageStartingWith("Cannot insert into " + db.name() + ".people: 1 of 2 documents have a key "
                + "that already exists; the first, record 2 of the batch: ")
                .hasMessageContaining("E11000")
                .hasMessageContaining("Choose a conflict strategy that updates or skips existing documents");
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
        assertThat(writer.isTransient(e)).isFalse();
        // A failed insert writes nothing, with or without a transaction: outside one, the documents the unordered
        // insert did store are deleted again before it throws, so a retry finds only what was there before.
        assertThat(count("people")).as("the failed insert left only the document that was there").isEqualTo(1);
    }

    @Test
    void isTransient_lostConnection_isTrue_evenWhenWrapped() {
        MongoSocketException lost = new MongoSocketException("connection reset", new ServerAddress("127.0.0.1", 27017));

        assertThat(writer.isTransient(lost)).isTrue();
        assertThat(writer.isTransient(new DatabaseException("Cannot insert", lost))).isTrue();
        assertThat(writer.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void upsert_byNonIdKey_keepsTheExistingId_andUsesTheRecordsIdOnlyForNewDocuments() {
        TableInfo t = table("accounts");
        writer.insert(t, rows(row(doc("_id", 10L, "email", "a@x", "plan", "free"))));

        writer.upsert(t, List.of("email"), rows(row(doc("_id", 99L, "email", "a@x", "plan", "pro")),
                row(doc("_id", 11L, "email", "b@x", "plan", "free")), row(doc("email", "c@x"))));

        assertThat(db.database().getCollection("accounts").find(new Document("email", "a@x")).first())
                .containsEntry("_id", 10L).containsEntry("plan", "pro");
        assertThat(db.database().getCollection("accounts").find(new Document("email", "b@x")).first()).containsEntry("_id", 11L);
        assertThat(db.database().getCollection("accounts").find(new Document("email", "c@x")).first()).isNotNull();
        assertThat(count("accounts")).isEqualTo(3);
    }

    @Test
    void upsert_recordWithoutItsKeyField_isRefusedAsAnInvalidRecord() {
        TableInfo t = table("accounts");

        assertThatThrownBy(() -> writer.upsert(t, List.of("email"), rows(row(doc("plan", "pro")))))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID))
                .hasMessage("Record 1 of the batch for " + db.name() + ".accounts has no key field 'email'; every record of "
                        + "an upsert carries its key [email].");
        assertThat(count("accounts")).isZero();
    }

    @Test
    void javaValues_areStoredAsBsonTypes_andReadBackAsDriverTypes() {
        TableInfo t = table("values");
        OffsetDateTime when = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_000_000, ZoneOffset.ofHours(2));
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        Map<String, Object> nested = doc("street", "Main", "tags", List.of("a", 2L, doc("deep", true)));
        writer.insert(t, rows(row(doc("_id", "v1",
                "price", new BigDecimal("12345678901234567890.123456789"),
                "at", when,
                "instant", Instant.parse("2024-01-01T00:00:00Z"),
                "local", LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                "bytes", new byte[] {1, 2, 3},
                "uuid", uuid,
                "ratio", 0.25d,
                "ok", true,
                "address", nested))));

        List<Document> read = readAll(reader.describe(db.name(), "values").orElseThrow(), null, List.of("_id"), null);

        Document d = read.get(0);
        assertThat(d.get("price")).isEqualTo(new Decimal128(new BigDecimal("12345678901234567890.123456789")));
        assertThat(((Decimal128) d.get("price")).bigDecimalValue()).isEqualByComparingTo("12345678901234567890.123456789");
        assertThat(d.get("at")).isEqualTo(Date.from(when.toInstant()));
        assertThat(d.get("instant")).isEqualTo(Date.from(Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(d.get("local")).as("a LocalDateTime is taken as UTC").isEqualTo(Date.from(Instant.parse("2024-01-02T03:04:05Z")));
        assertThat(d.get("bytes")).isInstanceOfSatisfying(Binary.class, b -> assertThat(b.getData()).containsExactly(1, 2, 3));
        assertThat(d.get("uuid")).isInstanceOfSatisfying(Binary.class, b -> {
            assertThat(b.getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
            ByteBuffer buffer = ByteBuffer.wrap(b.getData());
            assertThat(new UUID(buffer.getLong(), buffer.getLong())).isEqualTo(uuid);
        });
        assertThat(d.get("ratio")).isEqualTo(0.25d);
        assertThat(d.get("ok")).isEqualTo(true);
        Document address = (Document) d.get("address");
        assertThat(address.getString("street")).isEqualTo("Main");
        assertThat(address.getList("tags", Object.class)).containsExactly("a", 2L, new Document("deep", true));
    }

    @Test
    void find_byUuidKey_matchesTheDocumentInsertedWithIt() {
        TableInfo t = table("byUuid");
        UUID id = UUID.randomUUID();
        writer.insert(t, rows(row(doc("_id", id, "v", 1L)), row(doc("_id", UUID.randomUUID(), "v", 2L))));

        assertThat(writer.find(t, List.of("_id"), List.<Object[]>of(new Object[] {id})))
                .extracting(r -> ((Document) r[0]).getLong("v")).containsExactly(1L);
    }

    @Test
    void bigDecimal_withMoreDigitsThanDecimal128_isRefusedRatherThanRounded() {
        TableInfo t = table("values");

        assertThatThrownBy(() -> writer.insert(t, rows(row(doc("_id", 1L, "x", new BigDecimal("1." + "1".repeat(40)))))))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_RECORD_INVALID))
                .hasMessageContaining("Record 1 of the batch for " + db.name() + ".values, field x is 1.111")
                .hasMessageContaining("does not fit MongoDB's decimal");
        assertThat(count("values")).isZero();
    }

    @Test
    void checkpoints_areSavedLoadedAndOverwritten() {
        writer.prepareCheckpoints(db.name());
        writer.prepareCheckpoints(db.name()); // a second time: already there, no error

        assertThat(collections()).contains("migrator_data_checkpoints");
        assertThat(writer.loadCheckpoint(db.name(), "users_v2")).isEmpty();
        writer.begin();
        writer.saveCheckpoint(db.name(), "users_v2", "{\"after\": [10]}");
        writer.commit();
        assertThat(writer.loadCheckpoint(db.name(), "users_v2")).contains("{\"after\": [10]}");
        writer.begin();
        writer.saveCheckpoint(db.name(), "users_v2", "{\"after\": [20]}");
        writer.commit();

        assertThat(writer.loadCheckpoint(db.name(), "users_v2")).contains("{\"after\": [20]}");
        Document stored = db.database().getCollection("migrator_data_checkpoints").find().first();
        assertThat(stored).containsEntry("_id", "users_v2").containsEntry("state", "{\"after\": [20]}");
        assertThat(stored.get("updatedAt")).isInstanceOf(Date.class);
        assertThat(count("migrator_data_checkpoints")).isEqualTo(1);
    }

    @Test
    void withoutTransactions_transactionalIsFalse_andBeginCommitRollbackDoNothing() {
        assumeFalse(db.transactions(), "MongoDB server (" + db.origin() + ") has transactions; this test is for "
                + "servers without them (the in-process server, a standalone mongod).");
        TableInfo t = table("people");

        assertThat(writer.transactional()).isFalse();
        writer.begin();
        writer.insert(t, rows(row(doc("_id", 1L))));
        writer.rollback();

        assertThat(count("people")).as("written when made").isEqualTo(1);
    }

    @Test
    void withTransactions_aBatchAndItsCheckpointCommitTogether_orRollBackTogether() {
        assumeTrue(db.transactions(), "MongoDB server (" + db.origin() + ") has no transactions: the in-process server "
                + "lacks them. Set MIGRATOR_TEST_MONGO_URI to a replica set to run this test.");
        TableInfo t = table("people");
        db.database().createCollection("people");
        writer.prepareCheckpoints(db.name());
        assertThat(writer.transactional()).isTrue();

        writer.begin();
        writer.insert(t, rows(row(doc("_id", 1L))));
        writer.upsert(t, List.of("_id"), rows(row(doc("_id", 2L, "name", "Bob"))));
        writer.saveCheckpoint(db.name(), "m", "{\"n\": 1}");
        assertThat(writer.count(t)).as("the transaction sees its own writes").isEqualTo(2);
        writer.rollback();

        assertThat(count("people")).isZero();
        assertThat(writer.loadCheckpoint(db.name(), "m")).isEmpty();

        writer.begin();
        writer.insert(t, rows(row(doc("_id", 1L))));
        writer.saveCheckpoint(db.name(), "m", "{\"n\": 2}");
        writer.commit();

        assertThat(count("people")).isEqualTo(1);
        assertThat(writer.loadCheckpoint(db.name(), "m")).contains("{\"n\": 2}");
    }
}
