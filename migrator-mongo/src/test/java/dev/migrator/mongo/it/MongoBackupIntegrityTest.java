package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted MongoDB backup whose two collections' names were swapped in its manifest once restored each
 * collection's documents into the other; the manifest is now authenticated by the key.
 */
class MongoBackupIntegrityTest extends MongoItSupport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final BackupKey KEY = BackupKey.passphrase("integrity test passphrase");

    @TempDir
    Path backups;

    private List<Object> ids(String collection) {
        List<Object> out = new ArrayList<>();
        db.database().getCollection(collection).find().sort(new Document("_id", 1)).forEach(d -> out.add(d.get("_id")));
        return out;
    }

    @Test
    void restore_encryptedBackupWithTwoCollectionsSwappedInItsManifest_isRefusedAndTheCollectionsKeepTheirDocuments()
            throws Exception {
        db.database().getCollection("apples").insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
        db.database().getCollection("pears").insertOne(new Document("_id", 10));
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = m.backup(BackupRequest.builder().tables("apples", "pears").key(KEY).build());
        db.database().getCollection("apples").insertOne(new Document("_id", 3));
        Path manifest = backups.resolve(backup.id()).resolve("manifest.json");
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        ObjectNode first = (ObjectNode) root.withArray("tables").get(0);
        ObjectNode second = (ObjectNode) root.withArray("tables").get(1);
        String firstName = first.get("name").asText();
        first.put("name", second.get("name").asText());
        second.put("name", firstName);
        JSON.writeValue(manifest.toFile(), root);

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().key(KEY).build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("The manifest of backup " + backup.id() + " fails its authentication under the "
                        + "backup's key");
        assertThat(ids("apples")).containsExactly(1, 2, 3);
        assertThat(ids("pears")).containsExactly(10);
        assertThatThrownBy(() -> m.backups().verify(backup.id(), KEY))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT));
    }
}
