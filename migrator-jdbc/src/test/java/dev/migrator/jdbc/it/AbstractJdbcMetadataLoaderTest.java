package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import dev.migrator.jdbc.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code database:} metadata loader against a real server: its table, reads, writes and transactions. */
abstract class AbstractJdbcMetadataLoaderTest extends ItSupport {

    static final String LOADER = "database-loader";
    static final String TABLE = MetadataLoaderConfig.DEFAULT_TABLE;

    private final List<MetadataLoader> loaders = new ArrayList<>();

    AbstractJdbcMetadataLoaderTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @AfterEach
    void closeLoaders() {
        synchronized (loaders) {
            loaders.forEach(MetadataLoader::close);
            loaders.clear();
        }
    }

    // ---------------------------------------------------------------- helpers

    MetadataLoaderConfig config() {
        return config(Map.of());
    }

    MetadataLoaderConfig config(Map<String, String> options) {
        return new MetadataLoaderConfig(LOADER, "database:", null,
                ConnectionConfig.of(LOADER, db.url(), db.user(), db.password()), null, null, true, MetadataScope.USER,
                options);
    }

    MetadataLoader open(MetadataLoaderConfig config) {
        MetadataLoader loader = MetadataLoaders.open(config);
        synchronized (loaders) {
            loaders.add(loader);
        }
        return loader;
    }

    MetadataLoader open() {
        return open(config());
    }

    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Each index of the table as {@code unique:col,col} or {@code index:col}, read from the catalog. */
    List<String> indexes(String schema, String table) {
        String sql = postgres()
                ? "SELECT CASE WHEN i.indisunique THEN 'unique:' ELSE 'index:' END"
                        + " || string_agg(a.attname, ',' ORDER BY k.ord)"
                        + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
                        + " WHERE n.nspname = ? AND t.relname = ? GROUP BY i.indexrelid, i.indisunique"
                : "SELECT CONCAT(CASE WHEN non_unique = 0 THEN 'unique:' ELSE 'index:' END,"
                        + " GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ','))"
                        + " FROM information_schema.statistics WHERE table_schema = ? AND table_name = ?"
                        + " GROUP BY index_name, non_unique";
        return queryStrings(sql, schema, table);
    }

    /** The stored checksum column of an item. */
    String storedChecksum(String type, String name, String namespace) {
        return queryStrings("SELECT checksum FROM " + q(defaultSchema()) + "." + q(TABLE)
                + " WHERE type = ? AND name = ? AND namespace = ?", type, name, namespace).get(0);
    }

    /** A table as an older version of an application might have made it: no scope and no checksum column. */
    void createTableWithoutScopeAndChecksum() {
        String t = q(TABLE);
        if (postgres()) {
            sql("CREATE TABLE " + t + " (id BIGSERIAL PRIMARY KEY, type VARCHAR(100) NOT NULL,"
                            + " name VARCHAR(200) NOT NULL, namespace VARCHAR(100) NOT NULL DEFAULT 'default',"
                            + " body JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                            + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                    "CREATE UNIQUE INDEX legacy_uk ON " + t + " (type, name, namespace)",
                    "CREATE INDEX legacy_ns ON " + t + " (namespace)");
        } else {
            sql("CREATE TABLE " + t + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, type VARCHAR(100) NOT NULL,"
                    + " name VARCHAR(200) NOT NULL, namespace VARCHAR(100) NOT NULL DEFAULT 'default',"
                    + " body JSON NOT NULL, created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                    + " updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                    + " UNIQUE KEY legacy_uk (type, name, namespace), KEY legacy_ns (namespace))");
        }
        sql("INSERT INTO " + t + " (type, name, namespace, body) VALUES ('object', 'legacy', 'default',"
                + " '{\"label\": \"Legacy\"}')");
    }

    // ---------------------------------------------------------------- the table

    @Test
    void open_autoMigrate_createsTableWithColumnsUniqueIndexAndNamespaceIndex() {
        open();

        assertThat(columns(defaultSchema(), TABLE)).containsExactly("id", "type", "name", "namespace", "scope", "body",
                "checksum", "created_at", "updated_at");
        assertThat(indexes(defaultSchema(), TABLE))
                .containsExactlyInAnyOrder("unique:id", "unique:type,name,namespace", "index:namespace");
        if (postgres()) {
            assertThat(queryStrings("SELECT data_type FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name = ? AND column_name = 'body'", defaultSchema(), TABLE)).containsExactly("jsonb");
        }
    }

    @Test
    void open_autoMigrateWithSchema_createsTableInThatSchema() {
        String schema = uniqueSchema("meta");
        open(new MetadataLoaderConfig(LOADER, "database:", null,
                ConnectionConfig.of(LOADER, db.url(), db.user(), db.password()), schema, "app_metadata", true,
                MetadataScope.USER, Map.of())).save(MetadataItem.of("object", "order", Map.of("label", "Order")));

        assertThat(rowCount(schema, "app_metadata")).isEqualTo(1);
        assertThat(tableExists(TABLE)).isFalse();
    }

    @Test
    void open_noTableWithoutAutoMigrate_throwsSayingToCreateItOrEnableAutoMigrate() {
        assertThatThrownBy(() -> open(config().withAutoMigrate(false)))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_TABLE_MISMATCH))
                .hasMessageContaining("Metadata table " + defaultSchema() + "." + TABLE + " of loader '" + LOADER
                        + "' does not exist and autoMigrate is off")
                .hasMessageContaining("enable autoMigrate")
                .hasMessageContaining("CREATE TABLE IF NOT EXISTS " + q(defaultSchema()) + "." + q(TABLE));
        assertThat(tableExists(TABLE)).isFalse();
    }

    @Test
    void open_tableMissingScopeAndChecksum_throwsMismatchWithAlterStatementsAndLeavesTableUntouched() {
        createTableWithoutScopeAndChecksum();
        List<String> before = dump(TABLE);
        String t = q(defaultSchema()) + "." + q(TABLE);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_TABLE_MISMATCH))
                .hasMessage("Metadata table " + defaultSchema() + "." + TABLE + " of loader '" + LOADER
                        + "' lacks columns [scope, checksum]. The table was not changed (it is never dropped or"
                        + " rewritten). Run these statements, or set the loader option addMissingColumns=true to have"
                        + " the loader run exactly them:\n"
                        + "  ALTER TABLE " + t + " ADD COLUMN " + q("scope") + " VARCHAR(10) NOT NULL DEFAULT 'USER';\n"
                        + "  ALTER TABLE " + t + " ADD COLUMN " + q("checksum") + " CHAR(64) NOT NULL DEFAULT '';");

        assertThat(columns(defaultSchema(), TABLE)).doesNotContain("scope", "checksum");
        assertThat(dump(TABLE)).isEqualTo(before);
    }

    @Test
    void open_tableMissingUniqueIndex_throwsMismatchWithCreateIndexStatement() {
        String t = q(defaultSchema()) + "." + q(TABLE);
        open().close(); // a complete table...
        String unique = TABLE + "_tnn_uk"; // the name the loader gives its unique index
        sql(postgres() ? "DROP INDEX " + q(defaultSchema()) + "." + q(unique) : "DROP INDEX " + q(unique) + " ON " + t);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_TABLE_MISMATCH))
                .hasMessageContaining("lacks the unique index on (type, name, namespace)")
                .hasMessageContaining("  CREATE UNIQUE INDEX " + q(TABLE + "_tnn_uk") + " ON " + t
                        + " (type, name, namespace);");
    }

    @Test
    void open_addMissingColumns_addsScopeAndChecksumAndKeepsRows() {
        createTableWithoutScopeAndChecksum();

        MetadataLoader loader = open(config(Map.of("addMissingColumns", "true")));

        assertThat(columns(defaultSchema(), TABLE)).contains("scope", "checksum");
        assertThat(rowCount(TABLE)).isEqualTo(1);
        MetadataItem legacy = loader.get("object", "legacy", "default").orElseThrow();
        assertThat(legacy.body()).isEqualTo(Map.of("label", "Legacy"));
        assertThat(legacy.scope()).isEqualTo(MetadataScope.USER);
        assertThat(legacy.checksum()).isEqualTo(MetadataItem.checksumOf(Map.of("label", "Legacy")));

        loader.save(legacy.withBody(Map.of("label", "Renewed")));
        assertThat(storedChecksum("object", "legacy", "default"))
                .isEqualTo(MetadataItem.checksumOf(Map.of("label", "Renewed")));
        assertThat(rowCount(TABLE)).isEqualTo(1);
    }

    @Test
    void open_twoLoadersAtOnceWithAutoMigrate_bothOpenAndWrite() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MetadataItem>> results = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return open().save(MetadataItem.of("object", name, Map.of("by", name)));
                }));
            }
            for (Future<MetadataItem> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS).checksum()).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowCount(TABLE)).isEqualTo(2);
        assertThat(indexes(defaultSchema(), TABLE))
                .containsExactlyInAnyOrder("unique:id", "unique:type,name,namespace", "index:namespace");
    }

    @Test
    void metadataLoadersDatabase_opensJdbcLoaderThroughServiceLoader() {
        MetadataLoader loader = MetadataLoaders.database(LOADER, db.url(), db.user(), db.password(), null);
        synchronized (loaders) {
            loaders.add(loader);
        }

        assertThat(loader.protocol()).isEqualTo("database:");
        assertThat(loader.name()).isEqualTo(LOADER);
        assertThat(loader.capabilities().read()).isTrue();
        assertThat(loader.capabilities().write()).isTrue();
        assertThat(loader.capabilities().list()).isTrue();
        assertThat(loader.capabilities().watch()).isFalse();
        loader.save(MetadataItem.of("object", "order", Map.of("label", "Order")));
        assertThat(loader.get("object", "order", null)).map(MetadataItem::body).contains(Map.of("label", "Order"));
    }

    @Test
    void open_borrowedDataSource_isNeverClosedByTheLoader() throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            MetadataLoader loader = MetadataLoaders.open(new MetadataLoaderConfig(LOADER, "database:", null,
                    ConnectionConfig.of(LOADER, ds), null, null, true, MetadataScope.USER, Map.of()));
            loader.save(MetadataItem.of("object", "order", Map.of("label", "Order")));
            loader.close();

            assertThat(ds.isClosed()).isFalse();
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
        assertThat(rowCount(TABLE)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- reads and writes

    @Test
    void save_thenGet_returnsBodyAsJsonValuesWithChecksumOfBody() {
        MetadataLoader loader = open();
        Map<String, Object> body = body("label", "Order", "count", 3, "price", new BigDecimal("12.50"), "active", true,
                "missing", null, "tags", List.of("a", "b"), "nested", Map.of("x", 1));
        Instant before = Instant.now().minusSeconds(5);

        MetadataItem saved = loader.save(MetadataItem.of("object", "order", body).withScope(MetadataScope.USER));

        MetadataItem read = loader.get("object", "order", "default").orElseThrow();
        assertThat(read.type()).isEqualTo("object");
        assertThat(read.name()).isEqualTo("order");
        assertThat(read.namespace()).isEqualTo("default");
        assertThat(read.scope()).isEqualTo(MetadataScope.USER);
        assertThat(read.body().get("label")).isEqualTo("Order");
        assertThat(read.body().get("count")).isEqualTo(3L);
        assertThat(read.body().get("price")).isInstanceOfSatisfying(BigDecimal.class,
                d -> assertThat(d).isEqualByComparingTo("12.5"));
        assertThat(read.body().get("active")).isEqualTo(true);
        assertThat(read.body()).containsKey("missing");
        assertThat(read.body().get("missing")).isNull();
        assertThat(read.body().get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(read.body().get("nested")).isEqualTo(Map.of("x", 1L));
        assertThat(read.checksum()).isEqualTo(MetadataItem.checksumOf(body)).isEqualTo(saved.checksum());
        assertThat(storedChecksum("object", "order", "default")).isEqualTo(MetadataItem.checksumOf(body));
        assertThat(read.updatedAt()).hasValueSatisfying(at -> assertThat(at).isAfter(before)
                .isBeforeOrEqualTo(Instant.now().plusSeconds(5)));
        assertThat(read.updatedAt()).isEqualTo(saved.updatedAt());
    }

    @Test
    void get_missingItem_returnsEmpty() {
        assertThat(open().get("object", "nothing", "default")).isEmpty();
    }

    @Test
    void list_filtersByTypeNamespaceAndScopeOrderedByTypeNamespaceName() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("view", "v", Map.of()));
        loader.save(MetadataItem.of("object", "c", Map.of()).withNamespace("tenant1").withScope(MetadataScope.USER));
        loader.save(MetadataItem.of("object", "b", Map.of()).withScope(MetadataScope.USER));
        loader.save(MetadataItem.of("object", "a", Map.of()));

        assertThat(loader.list(MetadataQuery.all())).extracting(MetadataItem::key)
                .containsExactly("object/default/a", "object/default/b", "object/tenant1/c", "view/default/v");
        assertThat(loader.list(MetadataQuery.ofType("view"))).extracting(MetadataItem::key)
                .containsExactly("view/default/v");
        assertThat(loader.list(new MetadataQuery(null, "tenant1", null))).extracting(MetadataItem::key)
                .containsExactly("object/tenant1/c");
        assertThat(loader.list(new MetadataQuery(null, null, MetadataScope.USER))).extracting(MetadataItem::key)
                .containsExactly("object/default/b", "object/tenant1/c");
        assertThat(loader.list(new MetadataQuery("object", "default", MetadataScope.SYSTEM)))
                .extracting(MetadataItem::key).containsExactly("object/default/a");
        assertThat(loader.list(MetadataQuery.ofType("flow"))).isEmpty();
        assertThat(loader.problems()).isEmpty();
    }

    @Test
    void list_rowWithArrayBody_isLeftOutAndReportedInProblems() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "good", Map.of()));
        sql("INSERT INTO " + q(TABLE) + " (type, name, namespace, scope, body, checksum) VALUES"
                + " ('object', 'broken', 'default', 'USER', '[1, 2]', '')");

        assertThat(loader.list(MetadataQuery.all())).extracting(MetadataItem::name).containsExactly("good");
        assertThat(loader.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("object/default/broken");
            assertThat(p.message()).isEqualTo("its body is a JSON array; a body is a JSON object; fix or delete the row");
        });
        assertThatThrownBy(() -> loader.get("object", "broken", null))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID))
                .hasMessageContaining("its body is a JSON array");
    }

    @Test
    void save_existingItem_replacesBodyScopeAndChecksumInOneRow() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "order", Map.of("label", "Order")));
        String createdAt = queryStrings("SELECT created_at FROM " + q(TABLE)).get(0);

        Map<String, Object> second = Map.of("label", "Purchase order", "fields", List.of("id"));
        loader.save(MetadataItem.of("object", "order", second).withScope(MetadataScope.USER));

        assertThat(rowCount(TABLE)).isEqualTo(1);
        MetadataItem read = loader.get("object", "order", "default").orElseThrow();
        assertThat(read.body()).isEqualTo(second);
        assertThat(read.scope()).isEqualTo(MetadataScope.USER);
        assertThat(read.checksum()).isEqualTo(MetadataItem.checksumOf(second));
        assertThat(storedChecksum("object", "order", "default")).isEqualTo(MetadataItem.checksumOf(second));
        assertThat(queryStrings("SELECT created_at FROM " + q(TABLE)).get(0)).isEqualTo(createdAt);
    }

    @Test
    void save_namesDifferingInCase_areTwoItems() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "Order", Map.of("v", 1)));
        loader.save(MetadataItem.of("object", "order", Map.of("v", 2)));

        assertThat(rowCount(TABLE)).isEqualTo(2);
        assertThat(loader.get("object", "Order", null)).map(i -> i.body().get("v")).contains(1L);
    }

    @Test
    void save_nameLongerThan200_throwsInvalidNamingLengthAndWritesNothing() {
        MetadataLoader loader = open();

        assertThatThrownBy(() -> loader.save(MetadataItem.of("object", "n".repeat(201), Map.of())))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID))
                .hasMessageContaining("its name has 201 characters; the column holds at most 200");
        assertThat(rowCount(TABLE)).isZero();
    }

    @Test
    void saveAll_oneNameLongerThan200_writesNothing() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "kept", Map.of("v", 1)));

        assertThatThrownBy(() -> loader.saveAll(List.of(
                        MetadataItem.of("object", "kept", Map.of("v", 2)),
                        MetadataItem.of("object", "new", Map.of()),
                        MetadataItem.of("object", "x".repeat(250), Map.of()))))
                .isInstanceOfSatisfying(MetadataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID);
                    assertThat(e.problems()).hasSize(1);
                })
                .hasMessageContaining("Nothing was saved")
                .hasMessageContaining("1 of 3 items are invalid");

        assertThat(rowCount(TABLE)).isEqualTo(1);
        assertThat(loader.get("object", "kept", null)).map(i -> i.body().get("v")).contains(1L);
    }

    @Test
    void saveAll_databaseRejectsLastItem_rollsBackEveryItem() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "kept", Map.of("v", 1)));
        sql("ALTER TABLE " + q(TABLE) + " ADD CONSTRAINT no_bad CHECK (name <> 'bad')");
        // More items than one batch, so that earlier statements have run when the database refuses the last one.
        List<MetadataItem> items = new ArrayList<>();
        items.add(MetadataItem.of("object", "kept", Map.of("v", 2)));
        for (int i = 0; i < 1_200; i++) {
            items.add(MetadataItem.of("object", "new_" + i, Map.of()));
        }
        items.add(MetadataItem.of("object", "bad", Map.of()));

        assertThatThrownBy(() -> loader.saveAll(items))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR))
                .hasMessageContaining("could not save 1202 items in " + defaultSchema() + "." + TABLE)
                .hasMessageContaining("The transaction was rolled back: nothing was saved");

        assertThat(rowCount(TABLE)).isEqualTo(1);
        assertThat(loader.get("object", "kept", null)).map(i -> i.body().get("v")).contains(1L);
    }

    @Test
    void saveAll_validItems_savesAllWithChecksums() {
        MetadataLoader loader = open();
        List<MetadataItem> saved = loader.saveAll(List.of(
                MetadataItem.of("object", "a", Map.of("v", 1)),
                MetadataItem.of("object", "b", Map.of("v", 2.50))));

        assertThat(saved).extracting(MetadataItem::checksum)
                .containsExactly(MetadataItem.checksumOf(Map.of("v", 1)), MetadataItem.checksumOf(Map.of("v", 2.5)));
        assertThat(loader.list(MetadataQuery.all())).extracting(MetadataItem::checksum)
                .containsExactlyElementsOf(saved.stream().map(MetadataItem::checksum).toList());
    }

    @Test
    void delete_existingItem_removesRowAndReturnsTrue_missingReturnsFalse() {
        MetadataLoader loader = open();
        loader.save(MetadataItem.of("object", "order", Map.of()));
        loader.save(MetadataItem.of("object", "order", Map.of()).withNamespace("tenant1"));

        assertThat(loader.delete("object", "order", "default")).isTrue();
        assertThat(loader.delete("object", "order", "default")).isFalse();

        assertThat(loader.get("object", "order", "default")).isEmpty();
        assertThat(loader.list(MetadataQuery.all())).extracting(MetadataItem::key).containsExactly("object/tenant1/order");
    }

    @Test
    void list_tenThousandItems_takesUnderASecond() {
        MetadataLoader loader = open();
        List<MetadataItem> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            items.add(MetadataItem.of("object", String.format("item_%05d", i), Map.of("label", "Item " + i, "index", i,
                    "fields", List.of(Map.of("name", "id", "type", "number")))));
        }
        loader.saveAll(items);
        loader.list(MetadataQuery.all()); // warm up: the pool's connection, class loading

        long start = System.nanoTime();
        List<MetadataItem> listed = loader.list(MetadataQuery.all());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(listed).hasSize(10_000);
        assertThat(listed.get(9_999).name()).isEqualTo("item_09999");
        assertThat(took).as("list of 10,000 items took %s", took).isLessThan(Duration.ofSeconds(1));
    }
}
