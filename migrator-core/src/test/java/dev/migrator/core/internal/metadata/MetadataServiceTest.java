package dev.migrator.core.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager's own rules over simple in-memory stores: strategy, cache, validation, export and import. */
class MetadataServiceTest {

    @TempDir
    Path dir;

    /** A store kept in a map, standing in for a file folder or a table. */
    static final class MapLoader implements MetadataLoader {
        final String name;
        final Map<String, MetadataItem> items = new ConcurrentHashMap<>();

        MapLoader(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String protocol() {
            return "memory:";
        }

        @Override
        public MetadataCapabilities capabilities() {
            return new MetadataCapabilities(true, true, false, true);
        }

        @Override
        public Optional<MetadataItem> get(String type, String n, String namespace) {
            return Optional.ofNullable(items.get(MetadataItem.key(type, n, namespace)));
        }

        @Override
        public List<MetadataItem> list(MetadataQuery query) {
            return items.values().stream().filter(query::matches).sorted((a, b) -> a.key().compareTo(b.key())).toList();
        }

        @Override
        public MetadataItem save(MetadataItem item) {
            MetadataItem stored = item.stored(MetadataItem.checksumOf(item.body()), Instant.now());
            items.put(item.key(), stored);
            return stored;
        }

        @Override
        public boolean delete(String type, String n, String namespace) {
            return items.remove(MetadataItem.key(type, n, namespace)) != null;
        }

        @Override
        public void close() {}
    }

    private static MetadataItem object(String name, Object label) {
        return MetadataItem.of("object", name, Map.of("label", label, "fields", List.of(Map.of("name", "id"))));
    }

    @Test
    void save_userScope_goesToTheLoaderTheStrategyChooses() {
        MapLoader files = new MapLoader("files");
        MapLoader db = new MapLoader("db");
        try (MetadataManager m = MetadataManager.builder().loader(files).loader(db)
                .strategy((type, scope) -> scope == MetadataScope.USER ? "db" : "files").build()) {
            m.save(object("account", "Account"));
            m.save(object("custom_thing", "Mine").withScope(MetadataScope.USER));

            assertThat(files.items).containsOnlyKeys("object/default/account");
            assertThat(db.items).containsOnlyKeys("object/default/custom_thing");
            assertThat(m.get("object", "custom_thing")).hasValueSatisfying(i -> assertThat(i.body()).containsEntry("label", "Mine"));
            assertThat(m.list(MetadataQuery.ofType("object"))).hasSize(2);
        }
    }

    @Test
    void get_cached_seesAChangeBehindItsBackOnlyAfterInvalidate() {
        MapLoader files = new MapLoader("files");
        try (MetadataManager m = MetadataManager.builder().loader(files).cacheTtl(Duration.ofMinutes(10)).build()) {
            m.save(object("account", "v1"));
            assertThat(m.get("object", "account").orElseThrow().body()).containsEntry("label", "v1");
            files.save(object("account", "v2")); // another instance writing directly

            assertThat(m.get("object", "account").orElseThrow().body()).containsEntry("label", "v1");
            m.invalidate();
            assertThat(m.get("object", "account").orElseThrow().body()).containsEntry("label", "v2");
            m.save(object("account", "v3")); // a write through the manager invalidates by itself
            assertThat(m.get("object", "account").orElseThrow().body()).containsEntry("label", "v3");
        }
    }

    @Test
    void save_invalidItem_isRefusedNamingEveryProblem() {
        try (MetadataManager m = MetadataManager.builder().loader(new MapLoader("files")).types("object", "view")
                .required("object", "label")
                .schema("view", "{\"type\": \"object\", \"required\": [\"columns\"]}").build()) {
            assertThatThrownBy(() -> m.save(MetadataItem.of("flw", "x", Map.of())))
                    .isInstanceOfSatisfying(MetadataException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID);
                        assertThat(e.getMessage()).contains("unknown type 'flw'").contains("[object, view]");
                    });
            assertThatThrownBy(() -> m.save(MetadataItem.of("object", "9bad name", Map.of())))
                    .isInstanceOfSatisfying(MetadataException.class, e -> {
                        assertThat(e.problems()).hasSize(2);
                        assertThat(e.getMessage()).contains("does not match").contains("required field 'label'");
                    });
            assertThatThrownBy(() -> m.save(MetadataItem.of("view", "list", Map.of("title", "x"))))
                    .hasMessageContaining("columns");
        }
    }

    @Test
    void exportThenImport_intoAnotherLoader_givesEqualItems() throws Exception {
        MapLoader a = new MapLoader("a");
        MapLoader b = new MapLoader("b");
        try (MetadataManager m = MetadataManager.builder().loader(a).loader(b).build()) {
            for (int i = 0; i < 50; i++) {
                a.save(object("o" + i, "Object " + i).withNamespace(i % 2 == 0 ? "default" : "crm"));
            }
            Path file = dir.resolve("export.json");
            MetadataResults.Export export = m.export(file, MetadataQuery.all(), "a", true, true);
            assertThat(export.items()).isEqualTo(50);
            assertThat(Files.readString(file)).contains("\"formatVersion\" : 1", "\"byNamespace\"");

            MetadataResults.Import dry = m.importFrom(MetadataImport.of(file).into("b").dryRun(true));
            assertThat(dry.created()).isEqualTo(50);
            assertThat(b.items).isEmpty();

            MetadataResults.Import r = m.importFrom(MetadataImport.of(file).into("b"));
            assertThat(r.created()).isEqualTo(50);
            assertThat(b.list(MetadataQuery.all())).extracting(MetadataItem::checksum)
                    .containsExactlyElementsOf(a.list(MetadataQuery.all()).stream().map(MetadataItem::checksum).toList());

            MetadataResults.Import again = m.importFrom(MetadataImport.of(file).into("b"));
            assertThat(again.unchanged()).isEqualTo(50);
            assertThat(again.created() + again.updated()).isZero();
        }
    }

    @Test
    void import_withAnInvalidItemAndNoContinueOnError_writesNothingAndKeepsTheErrors() throws Exception {
        MapLoader a = new MapLoader("a");
        try (MetadataManager m = MetadataManager.builder().loader(a).types("object").build()) {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, """
                    {"formatVersion": 1, "items": [
                      {"type": "object", "name": "ok", "body": {"label": "fine"}},
                      {"type": "widget", "name": "nope", "body": {}},
                      {"type": "object", "name": "ok", "body": {"label": "twice"}},
                      {"type": "object", "body": {}}
                    ]}
                    """);

            assertThatThrownBy(() -> m.importFrom(MetadataImport.of(file)))
                    .isInstanceOfSatisfying(MetadataException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.METADATA_IMPORT_FAILED);
                        assertThat(e.getMessage()).contains("nothing was written");
                    });
            assertThat(a.items).isEmpty();
            assertThat(m.lastImportErrors()).extracting(p -> p.message())
                    .anySatisfy(msg -> assertThat(msg).contains("unknown type 'widget'"))
                    .anySatisfy(msg -> assertThat(msg).contains("appears twice"))
                    .anySatisfy(msg -> assertThat(msg).contains("needs a text 'type' and 'name'"));

            MetadataResults.Import partial = m.importFrom(MetadataImport.of(file).continueOnError(true));
            assertThat(partial.created()).isZero(); // "ok" appears twice: both copies are refused
            assertThat(partial.failed()).isEqualTo(2);
        }
    }

    @Test
    void import_malformedFile_namesLineAndColumn() throws Exception {
        try (MetadataManager m = MetadataManager.builder().loader(new MapLoader("a")).build()) {
            Path file = dir.resolve("broken.json");
            Files.writeString(file, "{\"formatVersion\": 1, \"items\": [\n  {\"type\": \"object\" \"name\": \"x\"}\n]}");

            assertThatThrownBy(() -> m.importFrom(MetadataImport.of(file)))
                    .isInstanceOfSatisfying(MetadataException.class, e -> assertThat(e.getMessage())
                            .contains("broken.json line 2, column").contains("malformed JSON"));
        }
    }

    @Test
    void copy_replace_leavesTheTargetEqualToTheSourceAndSkipKeepsExisting() {
        MapLoader a = new MapLoader("a");
        MapLoader b = new MapLoader("b");
        try (MetadataManager m = MetadataManager.builder().loader(a).loader(b).build()) {
            a.save(object("x", "from a"));
            a.save(object("y", "from a"));
            b.save(object("x", "stale"));
            b.save(object("z", "only in b"));

            MetadataResults.Import skip = m.copy("a", "b", MetadataImport.Strategy.SKIP, false);
            assertThat(skip.skipped()).isEqualTo(1);
            assertThat(b.items.get("object/default/x").body()).containsEntry("label", "stale");

            MetadataResults.Import replace = m.copy("a", "b", MetadataImport.Strategy.REPLACE, false);
            assertThat(replace.updated()).isEqualTo(1);
            assertThat(replace.deleted()).isEqualTo(1);
            assertThat(b.items.keySet()).containsExactlyInAnyOrderElementsOf(a.items.keySet());
            assertThat(b.items.get("object/default/x").body()).containsEntry("label", "from a");
        }
    }

    @Test
    void stats_countByTypeNamespaceScopeAndLoader() {
        MapLoader a = new MapLoader("a");
        MapLoader b = new MapLoader("b");
        try (MetadataManager m = MetadataManager.builder().loader(a).loader(b).build()) {
            a.save(object("x", "1"));
            a.save(MetadataItem.of("view", "v", Map.of()).withNamespace("crm"));
            b.save(object("y", "2").withScope(MetadataScope.USER));

            MetadataResults.Stats st = m.stats();
            assertThat(st.total()).isEqualTo(3);
            assertThat(st.byType()).containsEntry("object", 2L).containsEntry("view", 1L);
            assertThat(st.byNamespace()).containsEntry("crm", 1L).containsEntry("default", 2L);
            assertThat(st.byScope()).containsEntry(MetadataScope.USER, 1L).containsEntry(MetadataScope.SYSTEM, 2L);
            assertThat(st.byLoader()).containsEntry("a", 2L).containsEntry("b", 1L);
        }
    }

    @Test
    void list_sameItemInTwoLoaders_usesTheDefaultLoadersAndReportsIt() {
        MapLoader a = new MapLoader("a");
        MapLoader b = new MapLoader("b");
        try (MetadataManager m = MetadataManager.builder().loader(a).loader(b).defaultLoader("b").build()) {
            a.save(object("x", "from a"));
            b.save(object("x", "from b"));

            assertThat(m.list(MetadataQuery.all())).singleElement()
                    .satisfies(i -> assertThat(i.body()).containsEntry("label", "from b"));
            assertThat(m.problems()).singleElement().asString().contains("also in loader b");
        }
    }

    @Test
    void build_badSettings_areRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> MetadataManager.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least one loader");
        assertThatThrownBy(() -> MetadataManager.builder().loader(new MapLoader("a")).defaultLoader("zzz").build())
                .hasMessageContaining("defaultLoader is 'zzz'");
        assertThatThrownBy(() -> MetadataManager.builder().loader(new MapLoader("a")).parallelism(0).build())
                .hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> MetadataManager.builder().loader(new MapLoader("a")).loader(new MapLoader("a")))
                .hasMessageContaining("Two metadata loaders are named 'a'");
    }

    @Test
    void checksumOf_ignoresKeyOrderAndNumberForm() {
        assertThat(MetadataItem.checksumOf(Map.of("a", 1, "b", List.of(1.50, "x"))))
                .isEqualTo(MetadataItem.checksumOf(new java.util.LinkedHashMap<>(Map.of("b", List.of(new java.math.BigDecimal("1.5"), "x"), "a", 1L))));
        assertThat(MetadataItem.checksumOf(Map.of("a", 1))).isNotEqualTo(MetadataItem.checksumOf(Map.of("a", "1")));
    }
}
