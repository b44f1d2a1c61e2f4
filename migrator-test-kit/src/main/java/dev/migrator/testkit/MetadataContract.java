package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata moved from files into a database and back, end to end: after the round trip every file holds the same
 * content as the original, and a malformed file is reported while the others move. The database loader is the
 * backend's ({@link KitDatabase#metadataLoader(String)}); its items are in {@code _framework_metadata}.
 */
public abstract class MetadataContract extends KitSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    protected Path dir;

    protected static void writeOriginals(Path files) throws Exception {
        Files.createDirectories(files.resolve("crm"));
        Files.writeString(files.resolve("account.object.json"), """
                {
                  "label": "Account",
                  "fields": [
                    {"name": "id", "type": "uuid", "required": true},
                    {"name": "balance", "type": "decimal", "scale": 2, "default": 0.00},
                    {"name": "tags", "type": "text[]"}
                  ],
                  "permissions": {"read": ["*"], "write": ["admin"]}
                }
                """);
        Files.writeString(files.resolve("contact.object.yaml"), """
                label: Contact
                fields:
                  - name: email
                    type: email
                    unique: true
                  - name: age
                    type: integer
                    min: 0
                """);
        Files.writeString(files.resolve("crm").resolve("lead.view.json"), """
                {"title": "Leads", "columns": ["name", "status"], "filter": {"status": {"$ne": "closed"}}, "pageSize": 50}
                """);
        for (int i = 1; i <= 20; i++) {
            Files.writeString(files.resolve("approval_" + i + ".flow.json"), "{\"steps\": [{\"id\": " + i
                    + ", \"kind\": \"approve\"}], \"enabled\": " + (i % 2 == 0) + ", \"weight\": " + i + ".5}\n");
        }
        Files.writeString(files.resolve("broken.object.json"), "{\"label\": \"Broken\",\n  \"fields\": [\n}\n");
    }

    protected static JsonNode content(Path file) throws Exception {
        return file.toString().endsWith(".json") ? JSON.readTree(file.toFile()) : YAML.readTree(file.toFile());
    }

    /** Every item file under a folder by its identity ({@code namespace/name.type}), ignoring the format. */
    protected static Map<String, Path> itemFiles(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("broken"))
                    .collect(java.util.stream.Collectors.toMap(p -> {
                        String rel = root.relativize(p).toString();
                        return rel.substring(0, rel.lastIndexOf('.'));
                    }, p -> p));
        }
    }

    private MetadataLoaderConfig databaseConfig() {
        return database().metadataLoader("database-loader");
    }

    @Test
    public void filesToDatabaseAndBack_leavesFilesWithTheOriginalContent() throws Exception {
        Path originals = dir.resolve("metadata");
        writeOriginals(originals);
        String schema = defaultSchema();
        try (MetadataManager m = MetadataManager.builder()
                .loader(MetadataLoaders.file("file-loader", originals))
                .loader(MetadataLoaders.open(databaseConfig()))
                .loader(MetadataLoaders.file("rollback", dir.resolve("rollback")))
                .defaultLoader("file-loader")
                .strategy((type, scope) -> scope == MetadataScope.USER ? "database-loader" : "file-loader")
                .types("object", "view", "flow")
                .build()) {
            MetadataResults.Import dry = m.copy("file-loader", "database-loader", MetadataImport.Strategy.MERGE, true);
            assertThat(dry.created()).isEqualTo(23);
            assertThat(m.loaders().get("database-loader").list(MetadataQuery.all())).isEmpty();

            MetadataResults.Import toDb = m.copy("file-loader", "database-loader", MetadataImport.Strategy.MERGE, false);
            assertThat(toDb.created()).isEqualTo(23);
            assertThat(m.loaders().get("file-loader").problems()).singleElement().asString()
                    .contains("broken.object.json").contains("line 3");
            assertThat(database().count(schema, "_framework_metadata")).isEqualTo(23);
            assertThat(m.stats().byLoader()).containsEntry("database-loader", 23L).containsEntry("file-loader", 23L);
            assertThat(m.loaders().get("database-loader").get("view", "lead", "crm"))
                    .hasValueSatisfying(i -> assertThat(i.checksum())
                            .isEqualTo(m.loaders().get("file-loader").get("view", "lead", "crm").orElseThrow().checksum()));

            // The rollback: the database's items written back to files.
            MetadataResults.Import back = m.copy("database-loader", "rollback", MetadataImport.Strategy.REPLACE, false);
            assertThat(back.created()).isEqualTo(23);
        }
        Map<String, Path> before = itemFiles(originals);
        Map<String, Path> after = itemFiles(dir.resolve("rollback"));
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        for (Map.Entry<String, Path> e : before.entrySet()) {
            assertThat(content(after.get(e.getKey()))).as(e.getKey()).isEqualTo(content(e.getValue()));
        }
    }

    @Test
    public void exportImport_replaceIntoTheDatabase_thenUserItemsStayInTheDatabase() throws Exception {
        Path originals = dir.resolve("metadata");
        writeOriginals(originals);
        try (MetadataManager m = MetadataManager.builder()
                .loader(MetadataLoaders.file("file-loader", originals))
                .loader(MetadataLoaders.open(databaseConfig()))
                .strategy((type, scope) -> scope == MetadataScope.USER ? "database-loader" : "file-loader")
                .build()) {
            Path export = dir.resolve("export.json");
            assertThat(m.export(export, MetadataQuery.all(), "file-loader", false, true).items()).isEqualTo(23);
            MetadataResults.Import r = m.importFrom(MetadataImport.of(export).into("database-loader")
                    .with(MetadataImport.Strategy.REPLACE));
            assertThat(r.created()).isEqualTo(23);

            MetadataItem mine = MetadataItem.of("view", "my_view", Map.of("title", "Mine")).withScope(MetadataScope.USER);
            m.save(mine);
            assertThat(m.loaders().get("database-loader").get("view", "my_view", "default")).isPresent();
            assertThat(Files.exists(originals.resolve("my_view.view.json"))).isFalse();
            assertThat(m.get("view", "my_view")).isPresent();
            assertThat(m.list(new MetadataQuery("view", null, null))).extracting(MetadataItem::name)
                    .contains("lead", "my_view");
        }
    }

    @Test
    public void list_withAMalformedFile_reportsItAndLoadsTheOthers() throws Exception {
        Path originals = dir.resolve("metadata");
        writeOriginals(originals);
        try (MetadataManager m = MetadataManager.builder().loader(MetadataLoaders.file("file-loader", originals)).build()) {
            List<MetadataItem> all = m.list(MetadataQuery.all());
            assertThat(all).hasSize(23);
            assertThat(m.problems()).singleElement().asString().contains("broken.object.json").contains("line 3");
        }
    }
}
