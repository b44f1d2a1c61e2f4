package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.BackupTampering;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore verifies what it loaded before it commits (issue 15, item 8): loaded rows that do not match the backup's
 * row counts and content checksums are rolled back, and the live tables keep the rows they had.
 */
abstract class AbstractRestoreVerificationTest extends ItSupport {

    @TempDir
    Path backups;

    AbstractRestoreVerificationTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private MigrationManager backupManager() {
        return track(builder().backupDirectory(backups).build());
    }

    @Test
    void restore_tableFileEditedWithItsHashUpdated_isRefusedAndLeavesEveryLiveTableAsItWas() throws Exception {
        sql("CREATE TABLE items (id int PRIMARY KEY, name varchar(50))", "INSERT INTO items VALUES (1, 'one'), (2, 'two')",
                "CREATE TABLE tags (id int PRIMARY KEY, label varchar(50))", "INSERT INTO tags VALUES (1, 'red')");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.builder().tables("items", "tags").build());
        sql("UPDATE items SET name = 'current' WHERE id = 1", "INSERT INTO items VALUES (3, 'three')",
                "UPDATE tags SET label = 'blue'");
        String items = defaultSchema() + ".items";
        BackupTampering.editConsistently(backups.resolve(backup.id()), backup, items, "\"one\"", "\"uno\"");
        assertThat(m.backups().verify(backup.id()).isValid())
                .as("the file matches the manifest again: without a key nothing can tell before the load").isTrue();

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("Backup " + backup.id() + " is damaged, so it was not restored: after loading, " + items
                        + " does not match the backup (same row count (2) but different content), and the rows of its file do "
                        + "not match the manifest's content checksum although the file matches its SHA-256: the file and the "
                        + "manifest were both edited, which only an encrypted backup detects before loading. Restore another "
                        + "backup. Everything was rolled back; the live tables were left as they were.");

        assertThat(dump("items")).containsExactly("1|current", "2|two", "3|three");
        assertThat(dump("tags")).as("the table loaded before the failing one is rolled back too").containsExactly("1|blue");
    }

    @Test
    void restore_intoATableThatChangesValuesOnTheWayIn_isRefusedAndLeavesItsRows() {
        sql("CREATE TABLE prices (id int PRIMARY KEY, amount decimal(10,4))", "INSERT INTO prices VALUES (1, 1.2345)");
        String other = uniqueSchema("narrow");
        createSchema(other);
        // Same column kind (decimal), so the restore's column check passes, but two decimals: the load rounds 1.2345.
        sql("CREATE TABLE " + q(other) + ".prices (id int PRIMARY KEY, amount decimal(10,2))",
                "INSERT INTO " + q(other) + ".prices VALUES (7, 7.77)");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.builder().tables("prices").build());

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().target(Target.of(CORE, other)).build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH))
                .hasMessage("Cannot restore backup " + backup.id() + " into connection 'core': after loading, " + other
                        + ".prices does not match the backup (same row count (1) but different content), although the rows of "
                        + "the backup's file match its checksums: the table changed values on the way in (a narrower type, a "
                        + "trigger, a default). Give the table the backup's column types (manager.backups().manifest(id)"
                        + ".tables() lists them), or restore into a schema that has them with RestoreRequest.target(...). "
                        + "Everything was rolled back; the live tables were left as they were.");

        assertThat(dump(other, "prices")).containsExactly("7|7.77");
    }

    @Test
    void restore_intactBackup_reportsTheVerificationItMadeBeforeCommitting() {
        sql("CREATE TABLE items (id int PRIMARY KEY, name varchar(50))", "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backup(BackupRequest.builder().tables("items").build());
        sql("DELETE FROM items WHERE id = 2");

        RestoreResult restored = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(restored.verification().isValid()).as("%s", restored.verification().problems()).isTrue();
        assertThat(restored.verification().tables()).singleElement()
                .satisfies(t -> assertThat(t.liveRows()).isEqualTo(2));
        assertThat(dump("items")).containsExactly("1|one", "2|two");
    }
}
