package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import dev.migrator.mongo.internal.MongoMetadataLoader;
import dev.migrator.mongo.internal.MongoMetadataLoaderProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoMetadataLoaderTest extends MongoItSupport {

    private static final String COLLECTION = MetadataLoaderConfig.DEFAULT_TABLE;

    private final List<MetadataLoader> loaders = new ArrayList<>();

    @AfterEach
    void closeLoaders() {
        loaders.forEach(MetadataLoader::close);
    }

    private MetadataLoader loader() {
        return open(MetadataLoaderConfig.mongodb("meta", db.uri()));
    }

    private MetadataLoader open(MetadataLoaderConfig config) {
        MetadataLoader l = MongoMetadataLoader.open(config);
        loaders.add(l);
        return l;
    }

    private Document stored(String type, String name) {
        return db.database().getCollection(COLLECTION).find(new Document("type", type).append("name", name)).first();
    }

    private static Map<String, Object> richBody() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("price", new BigDecimal("1.50"));
        nested.put("tiny", new BigDecimal("0.000000000000000000000000000001"));
        nested.put("flags", List.of(true, false));
        nested.put("none", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", "Account \"main\"\n");
        body.put("count", 3);
        body.put("big", Long.MAX_VALUE);
        body.put("huge", new BigInteger("123456789012345678901234567890"));
        body.put("ratio", 0.25);
        body.put("float", 1.1f);
        body.put("fields", List.of(Map.of("name", "id", "length", 36), List.of(1, 2.5, "x")));
        body.put("nested", nested);
        return body;
    }

    @Test
    void open_autoMigrate_createsCollectionAndIndexes() {
        loader();

        assertThat(collections()).contains(COLLECTION);
        List<Document> indexes = db.database().getCollection(COLLECTION).listIndexes().into(new ArrayList<>());
        Document identity = indexes.stream().filter(i -> "type_1_name_1_namespace_1".equals(i.getString("name")))
                .findFirst().orElseThrow();
        assertThat(identity.get("unique")).isEqualTo(true);
        assertThat(identity.get("key", Document.class).keySet()).containsExactly("type", "name", "namespace");
        if (!db.server().inProcess()) { // the in-process server drops non-unique indexes
            assertThat(indexNames(COLLECTION)).contains("namespace_1");
        }
    }

    @Test
    void open_twice_isIdempotentAndKeepsItems() {
        loader().save(MetadataItem.of("object", "account", Map.of("a", 1)));

        MetadataLoader again = loader();

        assertThat(again.get("object", "account", null)).isPresent();
        assertThat(count(COLLECTION)).isEqualTo(1);
    }

    @Test
    void open_givenCollectionAndDatabase_usesThem() {
        MetadataLoaderConfig config = new MetadataLoaderConfig("meta", "mongodb:", null,
                MetadataLoaderConfig.mongodb("meta", db.uriOf("ignored")).connection(), db.name(), "custom_meta", true,
                MetadataScope.USER, Map.of());
        open(config).save(MetadataItem.of("view", "v1", Map.of()));

        assertThat(collections()).contains("custom_meta").doesNotContain(COLLECTION);
        assertThat(count("custom_meta")).isEqualTo(1);
    }

    @Test
    void open_withoutAutoMigrate_missingCollection_throwsTableMismatchWithCommands() {
        assertThatThrownBy(() -> open(MetadataLoaderConfig.mongodb("meta", db.uri()).withAutoMigrate(false)))
                .isInstanceOf(MetadataException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.METADATA_TABLE_MISMATCH)
                .hasMessageContaining("The metadata collection " + db.name() + "." + COLLECTION + " does not exist")
                .hasMessageContaining("db.createCollection(\"" + COLLECTION + "\")")
                .hasMessageContaining("createIndexes: \"" + COLLECTION + "\"");
        assertThat(collections()).doesNotContain(COLLECTION);
    }

    @Test
    void open_withoutAutoMigrate_existingCollectionWithoutUniqueIndex_throwsTableMismatchAndDropsNothing() {
        db.database().getCollection(COLLECTION).insertOne(new Document("type", "object").append("name", "a"));

        assertThatThrownBy(() -> open(MetadataLoaderConfig.mongodb("meta", db.uri()).withAutoMigrate(false)))
                .isInstanceOf(MetadataException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.METADATA_TABLE_MISMATCH)
                .hasMessageContaining("The metadata collection " + db.name() + "." + COLLECTION
                        + " has no unique index on {type: 1, name: 1, namespace: 1}")
                .hasMessageContaining("db.getSiblingDB(\"" + db.name() + "\").runCommand({createIndexes: \"" + COLLECTION
                        + "\", indexes: [{key: {type: 1, name: 1, namespace: 1}, name: \"type_1_name_1_namespace_1\", "
                        + "unique: true}");
        assertThat(count(COLLECTION)).isEqualTo(1);
        assertThat(indexNames(COLLECTION)).containsExactly("_id_");
    }

    @Test
    void open_withoutAutoMigrate_collectionWithIndexes_opens() {
        loader().close();

        MetadataLoader l = open(MetadataLoaderConfig.mongodb("meta", db.uri()).withAutoMigrate(false));

        assertThat(l.list(MetadataQuery.all())).isEmpty();
    }

    @Test
    void open_invalidCollectionName_throwsNamingIt() {
        assertThatThrownBy(() -> open(MetadataLoaderConfig.mongodb("meta", db.uri()).withTable("bad$name")))
                .hasMessageContaining("'bad$name' is not a MongoDB collection name");
    }

    @Test
    void save_thenGet_returnsItemWithChecksumAndTime() {
        MetadataLoader l = loader();
        MetadataItem item = MetadataItem.of("object", "account", Map.of("label", "Account", "fields", List.of("id")))
                .withNamespace("crm").withScope(MetadataScope.USER);

        MetadataItem saved = l.save(item);
        MetadataItem read = l.get("object", "account", "crm").orElseThrow();

        assertThat(saved.checksum()).isEqualTo(MetadataItem.checksumOf(item.body()));
        assertThat(saved.updatedAt()).isPresent();
        assertThat(read).isEqualTo(saved);
        assertThat(read.scope()).isEqualTo(MetadataScope.USER);
        Document doc = stored("object", "account");
        assertThat(doc.get("_id")).isInstanceOf(ObjectId.class);
        assertThat(doc.getString("namespace")).isEqualTo("crm");
        assertThat(doc.getString("scope")).isEqualTo("user");
        assertThat(doc.get("body")).isInstanceOf(Document.class);
        assertThat(doc.getString("checksum")).isEqualTo(saved.checksum());
        assertThat(doc.getDate("createdAt")).isEqualTo(doc.getDate("updatedAt"));
    }

    @Test
    void get_missingItem_isEmpty() {
        assertThat(loader().get("object", "nothing", null)).isEmpty();
    }

    @Test
    void save_bodyWithDecimalsBigIntegersNestedMapsAndLists_readsBackWithSameChecksum() {
        MetadataLoader l = loader();
        Map<String, Object> body = richBody();
        String before = MetadataItem.checksumOf(body);

        MetadataItem saved = l.save(MetadataItem.of("object", "rich", body));
        MetadataItem read = l.get("object", "rich", null).orElseThrow();

        assertThat(saved.checksum()).isEqualTo(before);
        assertThat(read.checksum()).isEqualTo(before);
        assertThat(MetadataItem.checksumOf(read.body())).isEqualTo(before);
        assertThat(read.body()).isEqualTo(saved.body());
        assertThat(read.body().get("count")).isEqualTo(3L);
        assertThat(read.body().get("big")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.body().get("huge")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(read.body().get("float")).isEqualTo(1.1d);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) read.body().get("nested");
        assertThat(nested.get("price")).isEqualTo(new BigDecimal("1.50"));
        assertThat(nested).containsEntry("none", null);
        assertThat(read.body().get("fields")).isEqualTo(List.of(Map.of("name", "id", "length", 36L), List.of(1L, 2.5, "x")));
        Document storedBody = stored("object", "rich").get("body", Document.class);
        assertThat(storedBody.get("count")).isEqualTo(3L);
        assertThat(storedBody.get("huge")).isEqualTo(new Decimal128(new BigDecimal("123456789012345678901234567890")));
        assertThat(storedBody.get("nested", Document.class).get("price")).isEqualTo(new Decimal128(new BigDecimal("1.50")));
    }

    @Test
    void save_checksum_ignoresTrailingZerosLikeEveryLoader() {
        MetadataLoader l = loader();

        MetadataItem a = l.save(MetadataItem.of("object", "a", Map.of("price", new BigDecimal("1.50"))));
        MetadataItem b = l.save(MetadataItem.of("object", "b", Map.of("price", 1.5)));

        assertThat(a.checksum()).isEqualTo(b.checksum());
    }

    @Test
    void save_numberBeyondDecimal128_throwsMetadataInvalidAndWritesNothing() {
        MetadataLoader l = loader();
        BigDecimal tooPrecise = new BigDecimal("1.23456789012345678901234567890123456789");

        assertThatThrownBy(() -> l.save(MetadataItem.of("object", "bad", Map.of("x", Map.of("y", tooPrecise)))))
                .isInstanceOf(MetadataException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.METADATA_INVALID)
                .hasMessageContaining("object/default/bad body.x.y is " + tooPrecise.toPlainString());
        assertThat(count(COLLECTION)).isZero();
    }

    @Test
    void save_existingItem_replacesBodyAndKeepsIdAndCreatedAt() throws InterruptedException {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("object", "account", Map.of("label", "Old", "extra", true)));
        Document first = stored("object", "account");
        Thread.sleep(5);

        MetadataItem second = l.save(MetadataItem.of("object", "account", Map.of("label", "New")));

        Document after = stored("object", "account");
        assertThat(count(COLLECTION)).isEqualTo(1);
        assertThat(after.get("_id")).isEqualTo(first.get("_id"));
        assertThat(after.getDate("createdAt")).isEqualTo(first.getDate("createdAt"));
        assertThat(after.getDate("updatedAt")).isAfter(first.getDate("updatedAt"));
        assertThat(after.get("body", Document.class)).isEqualTo(new Document("label", "New"));
        assertThat(l.get("object", "account", null).orElseThrow().body()).isEqualTo(Map.of("label", "New"));
        assertThat(second.checksum()).isEqualTo(MetadataItem.checksumOf(Map.of("label", "New")))
                .isNotEqualTo(first.getString("checksum"));
    }

    @Test
    void save_sameNameInOtherNamespaceOrType_keepsSeparateItems() {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("object", "account", Map.of("n", 1)));
        l.save(MetadataItem.of("object", "account", Map.of("n", 2)).withNamespace("crm"));
        l.save(MetadataItem.of("view", "account", Map.of("n", 3)));

        assertThat(count(COLLECTION)).isEqualTo(3);
        assertThat(l.get("object", "account", "crm").orElseThrow().body()).containsEntry("n", 2L);
    }

    @Test
    void list_filtersByTypeNamespaceAndScope_sortedByTypeNamespaceName() {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("view", "b", Map.of()));
        l.save(MetadataItem.of("object", "z", Map.of()));
        l.save(MetadataItem.of("object", "a", Map.of()).withNamespace("crm").withScope(MetadataScope.USER));
        l.save(MetadataItem.of("object", "b", Map.of()));
        l.save(MetadataItem.of("flow", "f", Map.of()).withNamespace("crm"));

        assertThat(l.list(MetadataQuery.all())).extracting(MetadataItem::key).containsExactly(
                "flow/crm/f", "object/crm/a", "object/default/b", "object/default/z", "view/default/b");
        assertThat(l.list(MetadataQuery.ofType("object"))).extracting(MetadataItem::key)
                .containsExactly("object/crm/a", "object/default/b", "object/default/z");
        assertThat(l.list(new MetadataQuery(null, "crm", null))).extracting(MetadataItem::key)
                .containsExactly("flow/crm/f", "object/crm/a");
        assertThat(l.list(new MetadataQuery(null, null, MetadataScope.USER))).extracting(MetadataItem::key)
                .containsExactly("object/crm/a");
        assertThat(l.list(new MetadataQuery("object", "default", MetadataScope.SYSTEM))).extracting(MetadataItem::key)
                .containsExactly("object/default/b", "object/default/z");
        assertThat(l.problems()).isEmpty();
    }

    @Test
    void list_documentThatIsNoItem_isLeftOutAndReported() {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("object", "good", Map.of()));
        db.database().getCollection(COLLECTION).insertOne(new Document("type", "object").append("name", "bad")
                .append("namespace", "default").append("body", "not a document"));

        assertThat(l.list(MetadataQuery.all())).extracting(MetadataItem::key).containsExactly("object/default/good");
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("object/default/bad");
            assertThat(p.message()).isEqualTo("body is String, not a document; store the definition as a sub-document");
        });
    }

    @Test
    void delete_existingItem_removesItAndReturnsTrue_missingReturnsFalse() {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("object", "account", Map.of()));
        l.save(MetadataItem.of("object", "account", Map.of()).withNamespace("crm"));

        assertThat(l.delete("object", "account", null)).isTrue();
        assertThat(l.delete("object", "account", null)).isFalse();
        assertThat(l.get("object", "account", null)).isEmpty();
        assertThat(l.get("object", "account", "crm")).isPresent();
    }

    @Test
    void saveAll_savesEveryItemWithChecksums() {
        MetadataLoader l = loader();
        l.save(MetadataItem.of("object", "a", Map.of("v", 0)));

        List<MetadataItem> saved = l.saveAll(List.of(MetadataItem.of("object", "a", Map.of("v", 1)),
                MetadataItem.of("object", "b", Map.of("v", new BigDecimal("2.0")))));

        assertThat(saved).extracting(MetadataItem::checksum).containsExactly(
                MetadataItem.checksumOf(Map.of("v", 1)), MetadataItem.checksumOf(Map.of("v", 2)));
        assertThat(l.list(MetadataQuery.all())).extracting(i -> i.body().get("v").toString()).containsExactly("1", "2.0");
        assertThat(count(COLLECTION)).isEqualTo(2);
    }

    @Test
    void saveAll_sameItemTwice_throwsDuplicateAndSavesNothing() {
        MetadataLoader l = loader();

        assertThatThrownBy(() -> l.saveAll(List.of(MetadataItem.of("object", "a", Map.of()),
                MetadataItem.of("object", "b", Map.of()), MetadataItem.of("object", "a", Map.of("v", 2)))))
                .isInstanceOf(MetadataException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.METADATA_DUPLICATE)
                .hasMessage("Metadata loader 'meta': the items to save name object/default/a twice; nothing was saved. "
                        + "Save each item once.");
        assertThat(count(COLLECTION)).isZero();
    }

    @Test
    void metadataLoadersMongodb_findsTheLoaderThroughServiceLoader() {
        MetadataLoader l = MetadataLoaders.mongodb("meta", db.uri());
        loaders.add(l);

        assertThat(l).isInstanceOf(MongoMetadataLoader.class);
        assertThat(l.protocol()).isEqualTo("mongodb:");
        assertThat(l.name()).isEqualTo("meta");
        l.save(MetadataItem.of("object", "account", Map.of("x", 1)));
        assertThat(l.list(MetadataQuery.all())).hasSize(1);
    }

    @Test
    void provider_supportsOnlyMongodbProtocolWithMongoUri() {
        MongoMetadataLoaderProvider p = new MongoMetadataLoaderProvider();

        assertThat(p.supports(MetadataLoaderConfig.mongodb("m", "mongodb://h/db"))).isTrue();
        assertThat(p.supports(MetadataLoaderConfig.mongodb("m", "mongodb+srv://cluster.example.com/db"))).isTrue();
        assertThat(p.supports(MetadataLoaderConfig.mongodb("m", "jdbc:postgresql://h/db"))).isFalse();
        assertThat(p.supports(MetadataLoaderConfig.database("m", "mongodb://h/db", null, null, null))).isFalse();
        assertThat(p.supports(MetadataLoaderConfig.file("m", scripts))).isFalse();
    }

    @Test
    void open_uriWithoutDatabaseAndNoSchema_throwsNamingWhatToAdd() {
        String uri = db.uri().substring(0, db.uri().lastIndexOf('/'));

        assertThatThrownBy(() -> open(MetadataLoaderConfig.mongodb("meta", uri)))
                .hasMessageContaining("names no database and the config gives none");
    }

    @Test
    void capabilities_readWriteList_watchOnlyWithChangeStreams() {
        MetadataCapabilities c = loader().capabilities();

        assertThat(c.read()).isTrue();
        assertThat(c.write()).isTrue();
        assertThat(c.list()).isTrue();
        assertThat(c.watch()).isEqualTo(!db.server().inProcess() && db.transactions());
    }

    @Test
    void watch_onInProcessServer_throwsNotWritableSayingChangeStreamsNeedReplicaSet() {
        assumeThat(db.server().inProcess()).as("the in-process server has no change streams").isTrue();
        MetadataLoader l = loader();

        assertThatThrownBy(() -> l.watch(change -> {}))
                .isInstanceOf(MetadataException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.METADATA_NOT_WRITABLE)
                .hasMessageContaining("Metadata loader 'meta' (mongodb:) cannot watch " + db.name() + "." + COLLECTION)
                .hasMessageContaining("change streams need a replica set or sharded cluster. Poll with list()");
    }

    @Test
    void close_closesItsClient_laterCallsFail() {
        MetadataLoader l = MongoMetadataLoader.open(MetadataLoaderConfig.mongodb("meta", db.uri()));
        l.close();

        assertThatThrownBy(() -> l.get("object", "a", null)).isInstanceOf(IllegalStateException.class);
    }
}
