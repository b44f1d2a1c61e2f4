package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.jdbc.testing.BackupTampering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MongoDB restore compares each staging collection with the backup before it renames any over a live collection
 * (issue 15, item 8): a difference drops the staging collections and leaves the live ones as they were.
 */
class MongoRestoreVerificationTest extends MongoItSupport {

    @TempDir
    Path backups;

    @Test
    void restore_fileEditedWithItsHashUpdated_isRefusedBeforeTheRenameAndLeavesTheLiveCollection() throws Exception {
        db.database().getCollection("notes").insertMany(List.of(new Document("_id", 1).append("body", "original"),
                new Document("_id", 2).append("body", "second")));
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.database().getCollection("notes").updateOne(Filters.eq("_id", 1), Updates.set("body", "current"));
        String notes = db.name() + ".notes";
        BackupTampering.editConsistently(backups.resolve(backup.id()), backup, notes, "original", "ORIGINAL");
        assertThat(m.backups().verify(backup.id()).isValid()).as("the files match the manifest again").isTrue();

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("Backup " + backup.id() + " is damaged, so it was not restored: after loading, " + notes
                        + " does not match the backup (same row count (2) but different content), and the rows of its file do "
                        + "not match the manifest's content checksum although the file matches its SHA-256: the file and the "
                        + "manifest were both edited, which only an encrypted backup detects before loading. Restore another "
                        + "backup. Everything was rolled back; the live tables were left as they were.");

        List<String> bodies = db.database().getCollection("notes").find().sort(new Document("_id", 1))
                .map(d -> d.getString("body")).into(new ArrayList<>());
        assertThat(bodies).containsExactly("current", "second");
        assertThat(collections()).as("the staging collection is dropped").containsExactly("notes");
    }
}
