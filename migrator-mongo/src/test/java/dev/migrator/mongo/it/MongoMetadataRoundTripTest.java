package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata from files into a MongoDB collection and back: the files end with their original content. */
class MongoMetadataRoundTripTest extends MongoItSupport {

    @TempDir
    Path dir;

    @Test
    void filesToMongoAndBack_leavesFilesWithTheOriginalContent() throws Exception {
        Path originals = dir.resolve("metadata");
        Files.createDirectories(originals.resolve("crm"));
        Files.writeString(originals.resolve("account.object.json"), "{\"label\": \"Account\", \"fields\": [{\"name\": \"id\"}, "
                + "{\"name\": \"balance\", \"scale\": 2, \"default\": 1.50}], \"big\": 12345678901234567890}\n");
        Files.writeString(originals.resolve("contact.object.yaml"), "label: Contact\nfields:\n  - name: email\n    unique: true\n");
        Files.writeString(originals.resolve("crm").resolve("lead.view.json"), "{\"title\": \"Leads\", \"columns\": [\"name\"]}\n");
        Files.writeString(originals.resolve("broken.view.json"), "{\"title\": ");
        try (MetadataManager m = MetadataManager.builder()
                .loader(MetadataLoaders.file("file-loader", originals))
                .loader(MetadataLoaders.mongodb("mongo-loader", db.uri()))
                .loader(MetadataLoaders.file("rollback", dir.resolve("rollback")))
                .build()) {
            MetadataResults.Import in = m.copy("file-loader", "mongo-loader", MetadataImport.Strategy.MERGE, false);
            assertThat(in.created()).isEqualTo(3);
            assertThat(db.database().getCollection("_framework_metadata").countDocuments()).isEqualTo(3);
            assertThat(m.loaders().get("file-loader").problems()).singleElement().asString().contains("broken.view.json");
            assertThat(m.loaders().get("mongo-loader").get("object", "account", "default").orElseThrow().checksum())
                    .isEqualTo(m.loaders().get("file-loader").get("object", "account", "default").orElseThrow().checksum());

            MetadataResults.Import back = m.copy("mongo-loader", "rollback", MetadataImport.Strategy.REPLACE, false);
            assertThat(back.created()).isEqualTo(3);
            assertThat(m.loaders().get("rollback").list(MetadataQuery.all())).hasSize(3);
        }
        Map<String, Path> before = files(originals);
        Map<String, Path> after = files(dir.resolve("rollback"));
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        for (Map.Entry<String, Path> e : before.entrySet()) {
            assertThat(content(after.get(e.getKey()))).as(e.getKey()).isEqualTo(content(e.getValue()));
        }
    }

    private static Map<String, Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("broken"))
                    .collect(Collectors.toMap(p -> {
                        String rel = root.relativize(p).toString();
                        return rel.substring(0, rel.lastIndexOf('.'));
                    }, p -> p));
        }
    }

    private static JsonNode content(Path file) throws Exception {
        return (file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .readTree(file.toFile());
    }
}
