package dev.migrator.core.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataChange;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetadataLoaderTest {

    @TempDir
    Path dir;

    private final List<MetadataLoader> opened = new ArrayList<>();

    @AfterEach
    void closeLoaders() {
        opened.forEach(MetadataLoader::close);
    }

    private FileMetadataLoader loader() {
        return loader(MetadataScope.SYSTEM);
    }

    private FileMetadataLoader loader(MetadataScope scope) {
        FileMetadataLoader l = new FileMetadataLoader("file-loader", dir, scope);
        opened.add(l);
        return l;
    }

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static List<String> keys(List<MetadataItem> items) {
        return items.stream().map(MetadataItem::key).toList();
    }

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- reading

    @Test
    void list_jsonAndYamlFilesAtTopAndInNamespaceFolders_readAsItemsSortedByNamespaceTypeName() throws IOException {
        write("account.object.json", "{\"label\": \"Account\"}");
        write("contact.object.yaml", "label: Contact\n");
        write("all.view.yml", "object: account\n");
        write("sales/deal.object.json", "{\"label\": \"Deal\"}");

        List<MetadataItem> items = loader().list(MetadataQuery.all());

        assertThat(keys(items)).containsExactly("object/default/account", "object/default/contact",
                "view/default/all", "object/sales/deal");
        assertThat(items.get(0).body()).isEqualTo(Map.of("label", "Account"));
        assertThat(items.get(1).body()).isEqualTo(Map.of("label", "Contact"));
        assertThat(items).allSatisfy(i -> assertThat(i.scope()).isEqualTo(MetadataScope.SYSTEM));
        assertThat(loader().problems()).isEmpty();
    }

    @Test
    void list_byTypeNamespaceAndScope_returnsOnlyMatches() throws IOException {
        write("account.object.json", "{}");
        write("all.view.json", "{}");
        write("sales/deal.object.json", "{}");
        write("sales/pipeline.view.json", "{}");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.ofType("object")))).containsExactly("object/default/account",
                "object/sales/deal");
        assertThat(keys(l.list(new MetadataQuery(null, "sales", null)))).containsExactly("object/sales/deal",
                "view/sales/pipeline");
        assertThat(keys(l.list(new MetadataQuery("view", "default", MetadataScope.SYSTEM))))
                .containsExactly("view/default/all");
        assertThat(l.list(new MetadataQuery(null, null, MetadataScope.USER))).isEmpty();
    }

    @Test
    void list_loaderOpenedWithUserScope_givesItemsThatScope() throws IOException {
        write("account.object.json", "{}");
        FileMetadataLoader l = loader(MetadataScope.USER);

        assertThat(l.list(MetadataQuery.all())).extracting(MetadataItem::scope).containsExactly(MetadataScope.USER);
        assertThat(l.list(new MetadataQuery(null, null, MetadataScope.SYSTEM))).isEmpty();
    }

    @Test
    void list_nameWithDots_typeIsLastSegmentBeforeExtension() throws IOException {
        write("my.view.name.view.json", "{}");

        MetadataItem item = loader().list(MetadataQuery.all()).get(0);

        assertThat(item.type()).isEqualTo("view");
        assertThat(item.name()).isEqualTo("my.view.name");
    }

    @Test
    void list_hiddenTempOtherExtensionsAndDeepFolders_ignored() throws IOException {
        write("account.object.json", "{}");
        write(".hidden.object.json", "{}");
        write(".account.object.json.1234.tmp", "{");
        write("account.object.json~", "{");
        write("README.md", "# metadata");
        write("notes.object.txt", "x");
        write(".git/x.object.json", "{}");
        write("sales/deeper/x.object.json", "{}");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/account");
        assertThat(l.problems()).isEmpty();
    }

    @Test
    void list_jsonFileWithoutTypeInName_reportedAndLeftOut() throws IOException {
        write("account.object.json", "{}");
        Path typeless = write("account.json", "{}");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/account");
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(typeless.toString());
            assertThat(p.message()).contains("names no type", "{name}.{type}.json");
        });
    }

    @Test
    void list_valuesKeepExactNumbersAndKeyOrder() throws IOException {
        write("account.object.json", """
                {"z": 1, "a": 12345678901234567890, "m": 1.10, "big": 123456789012345678901234567890.000000000000000001,
                 "list": [1, "two", true, null, {"y": 2, "b": 3}]}
                """);

        Map<String, Object> body = loader().list(MetadataQuery.all()).get(0).body();

        assertThat(body.keySet()).containsExactly("z", "a", "m", "big", "list");
        assertThat(body.get("z")).isEqualTo(1L);
        assertThat(body.get("a")).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(body.get("m")).isEqualTo(new BigDecimal("1.10"));
        assertThat(body.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890.000000000000000001"));
        assertThat(body.get("list")).isInstanceOf(ArrayList.class).asList()
                .containsExactly(1L, "two", true, null, new LinkedHashMap<>(Map.of("y", 2L, "b", 3L)));
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) ((List<Object>) body.get("list")).get(4);
        assertThat(nested).isInstanceOf(LinkedHashMap.class);
        assertThat(nested.keySet()).containsExactly("y", "b");
    }

    @Test
    void list_yamlNumbers_exactLikeJson() throws IOException {
        write("account.object.yaml", "count: 7\nratio: 0.10\nhuge: 99999999999999999999\n");

        Map<String, Object> body = loader().list(MetadataQuery.all()).get(0).body();

        assertThat(body).containsEntry("count", 7L).containsEntry("ratio", new BigDecimal("0.10"))
                .containsEntry("huge", new BigInteger("99999999999999999999"));
    }

    @Test
    void list_itemHasChecksumOfBodyAndFileModifiedTime() throws IOException {
        Path file = write("account.object.json", "{\"label\": \"Account\", \"size\": 1.0}");
        Instant modified = Instant.parse("2024-05-06T07:08:09Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        MetadataItem item = loader().list(MetadataQuery.all()).get(0);

        assertThat(item.checksum()).isEqualTo(MetadataItem.checksumOf(item.body()))
                .isEqualTo(MetadataItem.checksumOf(Map.of("label", "Account", "size", 1)));
        assertThat(item.updatedAt()).contains(modified);
    }

    @Test
    void list_malformedJsonFile_reportedWithFileLineAndColumnWhileOthersLoad() throws IOException {
        write("account.object.json", "{\"label\": \"Account\"}");
        Path bad = write("broken.object.json", "{\n  \"label\": \"Broken\",\n  \"fields\": [1,, 2]\n}\n");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/account");
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(bad.toString());
            assertThat(p.location()).isEqualTo("line 3, column 16");
            assertThat(p.item()).isEqualTo("object/default/broken");
            assertThat(p.message()).startsWith("The file is not a valid item: malformed JSON: ")
                    .endsWith("Fix it; it was left out and the other items still load.");
        });
    }

    @Test
    void list_malformedYamlFile_reportedWithFileLineAndColumnWhileOthersLoad() throws IOException {
        write("account.object.yaml", "label: Account\n");
        Path bad = write("broken.object.yaml", "label: Broken\nfields:\n  - a\n  - b: [1, 2\n");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/account");
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(bad.toString());
            assertThat(p.location()).isEqualTo("line 4, column 13");
            assertThat(p.message()).contains("malformed YAML");
        });
    }

    @Test
    void list_fileHoldingArrayOrNothing_reportedAsNotAnObject() throws IOException {
        write("list.object.json", "\n  [1, 2]");
        write("empty.object.yaml", "");
        FileMetadataLoader l = loader();

        assertThat(l.list(MetadataQuery.all())).isEmpty();
        assertThat(l.problems()).extracting(MetadataProblem::item, MetadataProblem::location)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("object/default/list", "line 2, column 3"),
                        org.assertj.core.groups.Tuple.tuple("object/default/empty", "line 1, column 1"));
        assertThat(l.problems()).filteredOn(p -> p.item().endsWith("list")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("it must hold a JSON object", "it holds an array"));
    }

    @Test
    void list_duplicateKeyInJson_reportedAsMalformed() throws IOException {
        write("account.object.json", "{\"label\": \"a\",\n \"label\": \"b\"}");
        FileMetadataLoader l = loader();

        assertThat(l.list(MetadataQuery.all())).isEmpty();
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 2, column 9");
            assertThat(p.message()).contains("Duplicate field 'label'");
        });
    }

    @Test
    void list_sameItemInJsonAndYaml_bothLeftOutAndProblemNamesBothFiles() throws IOException {
        Path json = write("a.object.json", "{}");
        Path yaml = write("a.object.yaml", "x: 1\n");
        write("b.object.json", "{}");
        FileMetadataLoader l = loader();

        assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/b");
        assertThat(l.problems()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("object/default/a");
            assertThat(p.message()).isEqualTo("METADATA_DUPLICATE: object/default/a is defined by " + json + " and "
                    + yaml + "; both were left out. Delete or rename all but one of them.");
        });
    }

    @Test
    void list_unclosedObject_messageGivesStartPositionPlainly() throws IOException {
        write("broken.object.json", "{");
        FileMetadataLoader l = loader();

        l.list(MetadataQuery.all());

        assertThat(l.problems()).singleElement().extracting(MetadataProblem::message).isEqualTo("The file is not a "
                + "valid item: malformed JSON: Unexpected end-of-input: expected close marker for Object (start marker "
                + "at line 1, column 1). Fix it; it was left out and the other items still load.");
    }

    @Test
    void list_problemsReplacedByNextList() throws IOException {
        Path bad = write("broken.object.json", "{");
        FileMetadataLoader l = loader();
        l.list(MetadataQuery.all());
        assertThat(l.problems()).hasSize(1);

        Files.delete(bad);
        l.list(MetadataQuery.all());

        assertThat(l.problems()).isEmpty();
    }

    @Test
    void list_missingFolder_empty() {
        FileMetadataLoader l = new FileMetadataLoader("file-loader", dir.resolve("none"), null);

        assertThat(l.list(MetadataQuery.all())).isEmpty();
        assertThat(l.get("object", "a", null)).isEmpty();
    }

    @Test
    void get_readsItemInDefaultOrOtherNamespace() throws IOException {
        write("account.object.yml", "label: Account\n");
        write("sales/account.object.json", "{\"label\": \"Sales account\"}");
        FileMetadataLoader l = loader();

        assertThat(l.get("object", "account", null)).get().extracting(MetadataItem::body)
                .isEqualTo(Map.of("label", "Account"));
        assertThat(l.get("object", "account", "sales")).get().satisfies(i -> {
            assertThat(i.namespace()).isEqualTo("sales");
            assertThat(i.body()).isEqualTo(Map.of("label", "Sales account"));
        });
        assertThat(l.get("object", "missing", null)).isEmpty();
        assertThat(l.get("view", "account", null)).isEmpty();
    }

    @Test
    void get_readsOnlyThatItemsFile() throws IOException {
        write("account.object.json", "{}");
        write("broken.object.json", "{");

        assertThat(loader().get("object", "account", "default")).isPresent();
    }

    @Test
    void get_malformedFile_throwsInvalidNamingFileAndPosition() throws IOException {
        Path bad = write("broken.object.json", "{\n  \"label\": \"Broken\",\n  \"fields\": [1,, 2]\n}\n");

        assertThatThrownBy(() -> loader().get("object", "broken", null))
                .isInstanceOfSatisfying(MetadataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID);
                    assertThat(e.getMessage()).startsWith(bad + " line 3, column 16 (object/default/broken): The file is "
                            + "not a valid item: malformed JSON: ");
                    assertThat(e.problems()).singleElement().extracting(MetadataProblem::location)
                            .isEqualTo("line 3, column 16");
                });
    }

    @Test
    void get_itemInTwoFiles_throwsDuplicateNamingBoth() throws IOException {
        Path json = write("a.object.json", "{}");
        Path yml = write("a.object.yml", "{}");

        assertThatThrownBy(() -> loader().get("object", "a", null))
                .isInstanceOfSatisfying(MetadataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.METADATA_DUPLICATE);
                    assertThat(e.getMessage()).contains(json.toString(), yml.toString());
                });
    }

    // ---- writing

    @Test
    void save_newItem_writesPrettyJsonInGivenKeyOrderWithTrailingNewline() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", "Account");
        body.put("fields", List.of("name", 2));
        body.put("options", Map.of());
        body.put("tags", List.of());
        body.put("amount", new BigDecimal("1.50"));

        MetadataItem saved = loader().save(MetadataItem.of("object", "account", body));

        assertThat(Files.readString(dir.resolve("account.object.json"))).isEqualTo("""
                {
                  "label": "Account",
                  "fields": [
                    "name",
                    2
                  ],
                  "options": {},
                  "tags": [],
                  "amount": 1.50
                }
                """);
        assertThat(saved.checksum()).isEqualTo(MetadataItem.checksumOf(body));
        assertThat(saved.updatedAt()).contains(Files.getLastModifiedTime(dir.resolve("account.object.json")).toInstant());
    }

    @Test
    void save_thenGet_returnsEqualItemWithChecksumOfBody() {
        FileMetadataLoader l = loader();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", "Deal");
        body.put("count", 3);
        body.put("ratio", 0.25);
        body.put("nested", Map.of("list", List.of(1, "x", false)));
        body.put("none", null);

        MetadataItem saved = l.save(MetadataItem.of("object", "deal", body).withNamespace("sales"));
        MetadataItem read = l.get("object", "deal", "sales").orElseThrow();

        assertThat(read).isEqualTo(saved);
        assertThat(read.checksum()).isEqualTo(MetadataItem.checksumOf(read.body()))
                .isEqualTo(MetadataItem.checksumOf(body));
        assertThat(read.body()).containsEntry("count", 3L).containsEntry("ratio", new BigDecimal("0.25"));
        assertThat(Files.isRegularFile(dir.resolve("sales/deal.object.json"))).isTrue();
    }

    @Test
    void save_overExistingYaml_keepsYamlFile() throws IOException {
        write("contact.object.yaml", "label: Old\n");
        FileMetadataLoader l = loader();

        MetadataItem saved = l.save(MetadataItem.of("object", "contact", Map.of("label", "New", "size", 2)));

        assertThat(filesIn(dir)).containsExactly("contact.object.yaml");
        assertThat(Files.readString(dir.resolve("contact.object.yaml"))).doesNotContain("{").contains("label: \"New\"");
        assertThat(l.get("object", "contact", null)).contains(saved);
        assertThat(saved.body()).isEqualTo(Map.of("label", "New", "size", 2L));
    }

    @Test
    void save_overExistingYmlInNamespace_keepsYmlFile() throws IOException {
        write("sales/deal.object.yml", "label: Old\n");

        loader().save(MetadataItem.of("object", "deal", Map.of("label", "New")).withNamespace("sales"));

        assertThat(filesIn(dir.resolve("sales"))).containsExactly("deal.object.yml");
    }

    @Test
    void save_yamlRoundTrip_keepsTrickyStrings() throws IOException {
        write("x.object.yaml", "a: 1\n");
        FileMetadataLoader l = loader();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String s : List.of("true", "no", "null", "123", "1.5", "", "a: b", "# c", "- d", "multi\nline", "~")) {
            body.put("k" + body.size(), s);
        }

        MetadataItem saved = l.save(MetadataItem.of("object", "x", body));

        assertThat(saved.body()).isEqualTo(body);
        assertThat(l.get("object", "x", null).orElseThrow().body()).isEqualTo(body);
    }

    @Test
    void save_replacesFileAtomically_leavingNoTempFiles() throws IOException {
        FileMetadataLoader l = loader();
        for (int i = 0; i < 5; i++) {
            l.save(MetadataItem.of("object", "account", Map.of("version", i)));
            l.save(MetadataItem.of("object", "deal", Map.of("version", i)).withNamespace("sales"));
        }

        assertThat(filesIn(dir)).containsExactly("account.object.json", "sales");
        assertThat(filesIn(dir.resolve("sales"))).containsExactly("deal.object.json");
        assertThat(l.get("object", "account", null).orElseThrow().body()).isEqualTo(Map.of("version", 4L));
    }

    @Test
    void save_valueJsonCannotHold_throwsInvalidAndLeavesNoFile() throws IOException {
        FileMetadataLoader l = loader();

        assertThatThrownBy(() -> l.save(MetadataItem.of("object", "nan", Map.of("x", new Object()))))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID))
                .hasMessageStartingWith("The body of object/default/nan cannot be stored in ");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void save_itemOfOtherScope_returnedWithLoadersScope() {
        MetadataItem saved = loader().save(MetadataItem.of("object", "a", Map.of()).withScope(MetadataScope.USER));

        assertThat(saved.scope()).isEqualTo(MetadataScope.SYSTEM);
    }

    @Test
    void saveAll_stopsAtFirstFailureKeepingEarlierFiles() throws IOException {
        FileMetadataLoader l = loader();
        List<MetadataItem> items = List.of(MetadataItem.of("object", "a", Map.of()),
                MetadataItem.of("object", "../b", Map.of()), MetadataItem.of("object", "c", Map.of()));

        assertThatThrownBy(() -> l.saveAll(items)).isInstanceOf(MetadataException.class);

        assertThat(filesIn(dir)).containsExactly("a.object.json");
    }

    @Test
    void save_nameTypeOrNamespaceLeavingFolder_throwsInvalidAndWritesNothing() throws IOException {
        Path inside = Files.createDirectories(dir.resolve("meta"));
        FileMetadataLoader l = new FileMetadataLoader("file-loader", inside, null);
        List<MetadataItem> bad = List.of(MetadataItem.of("object", "../escape", Map.of()),
                MetadataItem.of("object", "a/b", Map.of()), MetadataItem.of("object", "a\\b", Map.of()),
                MetadataItem.of("object", ".hidden", Map.of()), MetadataItem.of("object", "a..b", Map.of()),
                MetadataItem.of("../object", "a", Map.of()), MetadataItem.of("my.type", "a", Map.of()),
                MetadataItem.of("object", "a", Map.of()).withNamespace(".."),
                MetadataItem.of("object", "a", Map.of()).withNamespace("x/../.."));

        for (MetadataItem item : bad) {
            assertThatThrownBy(() -> l.save(item)).as(item.key())
                    .isInstanceOfSatisfying(MetadataException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_INVALID))
                    .hasMessageContaining("cannot be stored as a file");
        }
        assertThat(filesIn(dir)).containsExactly("meta");
        assertThat(filesIn(inside)).isEmpty();
    }

    @Test
    void save_nameWithParentPath_messageSaysWhatIsWrong() {
        assertThatThrownBy(() -> loader().save(MetadataItem.of("object", "../x", Map.of())))
                .hasMessage("The metadata name '../x' cannot be stored as a file: it starts with a dot. Use letters, "
                        + "digits, '_', '-' and (in names and namespaces, not first) '.'; path separators, '..' and a "
                        + "leading dot would leave the folder.");
    }

    @Test
    void getAndDelete_nameLeavingFolder_throwInvalid() throws IOException {
        write("secret.object.json", "{}");
        FileMetadataLoader l = new FileMetadataLoader("file-loader", Files.createDirectories(dir.resolve("meta")), null);

        assertThatThrownBy(() -> l.get("object", "../secret", null)).isInstanceOf(MetadataException.class);
        assertThatThrownBy(() -> l.delete("object", "../secret", null)).isInstanceOf(MetadataException.class);
        assertThat(Files.exists(dir.resolve("secret.object.json"))).isTrue();
    }

    @Test
    void delete_removesFile_falseWhenNone() throws IOException {
        write("account.object.yaml", "a: 1\n");
        write("sales/deal.object.json", "{}");
        FileMetadataLoader l = loader();

        assertThat(l.delete("object", "account", null)).isTrue();
        assertThat(l.delete("object", "deal", "sales")).isTrue();
        assertThat(l.delete("object", "account", null)).isFalse();
        assertThat(l.delete("view", "nothing", "sales")).isFalse();
        assertThat(l.list(MetadataQuery.all())).isEmpty();
        assertThat(filesIn(dir.resolve("sales"))).isEmpty();
    }

    // ---- watching

    private static void awaitChanges(List<MetadataChange> seen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(seen).as("changes within 10 s").hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void watch_fileCreatedChangedAndDeletedByAnotherWriter_reportedInOrder() throws Exception {
        Files.createDirectories(dir.resolve("sales"));
        FileMetadataLoader l = loader();
        List<MetadataChange> seen = new CopyOnWriteArrayList<>();

        try (AutoCloseable watch = l.watch(seen::add)) {
            Path file = write("sales/deal.object.json", "{\"label\": \"Deal\"}");
            awaitChanges(seen, 1);
            Files.writeString(file, "{\"label\": \"Bigger deal\"}");
            awaitChanges(seen, 2);
            Files.delete(file);
            awaitChanges(seen, 3);
        }

        assertThat(seen).containsExactly(
                new MetadataChange(MetadataChange.Kind.CREATED, "object", "deal", "sales", "file-loader"),
                new MetadataChange(MetadataChange.Kind.UPDATED, "object", "deal", "sales", "file-loader"),
                new MetadataChange(MetadataChange.Kind.DELETED, "object", "deal", "sales", "file-loader"));
    }

    @Test
    void watch_editorReplacingFileByRename_reportedAsOneUpdate() throws Exception {
        Path file = write("account.object.json", "{}");
        FileMetadataLoader l = loader();
        List<MetadataChange> seen = new CopyOnWriteArrayList<>();
        l.watch(seen::add);

        Path tmp = write(".account.object.json.swp", "{\"label\": \"Account\"}");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        awaitChanges(seen, 1);
        Thread.sleep(2 * FileMetadataWatch.QUIET_MILLIS);

        assertThat(seen).containsExactly(
                new MetadataChange(MetadataChange.Kind.UPDATED, "object", "account", "default", "file-loader"));
    }

    @Test
    void watch_namespaceFolderCreatedAfterWatchStarted_itsFilesReported() throws Exception {
        FileMetadataLoader l = loader();
        List<MetadataChange> seen = new CopyOnWriteArrayList<>();
        l.watch(seen::add);

        write("hr/employee.object.yaml", "label: Employee\n");
        awaitChanges(seen, 1);
        write("hr/team.object.json", "{}");
        awaitChanges(seen, 2);

        assertThat(seen).extracting(MetadataChange::kind, MetadataChange::name, MetadataChange::namespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MetadataChange.Kind.CREATED, "employee", "hr"),
                        org.assertj.core.groups.Tuple.tuple(MetadataChange.Kind.CREATED, "team", "hr"));
    }

    @Test
    void watch_ownSavesAndTempFilesNotReported_otherWritersAre() throws Exception {
        FileMetadataLoader l = loader();
        List<MetadataChange> seen = new CopyOnWriteArrayList<>();
        l.watch(seen::add);

        l.save(MetadataItem.of("object", "mine", Map.of("a", 1)));
        l.delete("object", "mine", null);
        write(".scratch.object.json.tmp", "{");
        write("theirs.object.json", "{}");
        awaitChanges(seen, 1);
        Thread.sleep(2 * FileMetadataWatch.QUIET_MILLIS);

        assertThat(seen).containsExactly(
                new MetadataChange(MetadataChange.Kind.CREATED, "object", "theirs", "default", "file-loader"));
    }

    @Test
    void watch_closed_stopsReporting() throws Exception {
        FileMetadataLoader l = loader();
        List<MetadataChange> seen = new CopyOnWriteArrayList<>();
        AutoCloseable watch = l.watch(seen::add);
        write("a.object.json", "{}");
        awaitChanges(seen, 1);

        watch.close();
        write("b.object.json", "{}");
        Thread.sleep(4 * FileMetadataWatch.QUIET_MILLIS);

        assertThat(seen).hasSize(1);
    }

    @Test
    void close_stopsEveryWatchThread() throws Exception {
        FileMetadataLoader l = loader();
        l.watch(c -> {});
        l.watch(c -> {});
        assertThat(watchThreads()).hasSize(2);

        l.close();

        assertThat(watchThreads()).isEmpty();
        assertThatThrownBy(() -> l.watch(c -> {})).isInstanceOf(IllegalStateException.class);
    }

    private static List<Thread> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("migrator-metadata-watch-file-loader") && t.isAlive())
                .peek(t -> assertThat(t.isDaemon()).isTrue()).toList();
    }

    // ---- opening

    @Test
    void metadataLoadersFile_opensFileLoaderThroughServiceLoader() throws IOException {
        write("account.object.json", "{\"label\": \"Account\"}");

        try (MetadataLoader l = MetadataLoaders.file("files", dir)) {
            assertThat(l).isInstanceOf(FileMetadataLoader.class);
            assertThat(l.name()).isEqualTo("files");
            assertThat(l.protocol()).isEqualTo("file:");
            assertThat(l.capabilities().read() && l.capabilities().write() && l.capabilities().watch()
                    && l.capabilities().list()).isTrue();
            assertThat(keys(l.list(MetadataQuery.all()))).containsExactly("object/default/account");
        }
    }

    @Test
    void provider_supportsOnlyFileProtocolWithDirectory_rejectsAFileAsFolder() throws IOException {
        FileMetadataLoaderProvider p = new FileMetadataLoaderProvider();
        Path file = write("plain.txt", "x");

        assertThat(p.supports(dev.migrator.api.MetadataLoaderConfig.file("f", dir))).isTrue();
        assertThat(p.supports(dev.migrator.api.MetadataLoaderConfig.file("f", null))).isFalse();
        assertThat(p.supports(dev.migrator.api.MetadataLoaderConfig.mongodb("m", "mongodb://h/db"))).isFalse();
        assertThatThrownBy(() -> p.open(dev.migrator.api.MetadataLoaderConfig.file("f", file)))
                .isInstanceOf(dev.migrator.api.ConfigurationException.class).hasMessageContaining("which is a file");
    }
}
