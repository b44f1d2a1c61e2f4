package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup format across releases (docs/upgrading.md): a backup whose tables are each one file is written as format
 * 1, with exactly the manifest fields that releases before split tables (format 2) wrote, and it restores.
 */
class BackupFormatCompatibilityTest extends FakeEngineSupport {

    /** The fields of a table entry in a format-1 manifest, as written before format 2 added {@code parts}. */
    private static final List<String> FORMAT_1_TABLE_FIELDS = List.of("name", "file", "rowCount", "bytes", "sha256",
            "contentChecksum", "columns", "primaryKey");

    @TempDir
    Path dir;

    @Test
    void backup_ofUnsplitTables_isFormat1WithTheEarlierFields_andRestores() throws IOException {
        table("items", "id:integer name:string");
        insert("items", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
        MigrationManager m = track(builder().backupDirectory(dir).build());

        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().tables("items").build());

        assertThat(backup.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION_SINGLE_FILES).isEqualTo(1);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve(backup.id()).resolve("manifest.json").toFile());
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("tables")).singleElement().satisfies(t -> {
            List<String> fields = new ArrayList<>();
            t.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyElementsOf(FORMAT_1_TABLE_FIELDS);
        });

        db.change(s -> s.table(SCHEMA, "items").delete(1L));
        m.backupOperations().restore(backup.id(), RestoreRequest.defaults());

        assertThat(rows("items")).containsExactly("1|a", "2|b");
    }
}
