package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore verifies what it loaded before it commits (issue 15, item 8): loaded records that do not match the
 * backup's row counts and content checksums are rolled back (a JDBC transaction; MongoDB staging collections dropped
 * before any is renamed over a live one), and the live tables keep the records they had.
 */
public abstract class RestoreVerificationContract extends KitSupport {

    /** Where this test's backups go. */
    @TempDir
    protected Path backups;

    private MigrationManager backupManager() {
        return track(builder().backupDirectory(backups).build());
    }

    @Test
    public void restore_tableFileEditedWithItsHashUpdated_isRefusedAndLeavesEveryLiveTableAsItWas() throws Exception {
        table(defaultSchema(), "items", "name", 1, "original", 2, "second");
        table(defaultSchema(), "tags", "label", 1, "red");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().tables("items", "tags").build());
        put(defaultSchema(), "items", 1, "name", "current");
        put(defaultSchema(), "items", 3, "name", "three");
        put(defaultSchema(), "tags", 1, "label", "blue");
        String items = defaultSchema() + ".items";
        BackupTampering.editConsistently(backups.resolve(backup.id()), backup, items, "original", "ORIGINAL");
        assertThat(m.backups().verify(backup.id()).isValid())
                .as("the file matches the manifest again: without a key nothing can tell before the load").isTrue();

        assertThatThrownBy(() -> m.backupOperations().restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("Backup " + backup.id() + " is damaged, so it was not restored: after loading, " + items
                        + " does not match the backup (same row count (2) but different content), and the rows of its file do "
                        + "not match the manifest's content checksum although the file matches its SHA-256: the file and the "
                        + "manifest were both edited, which only an encrypted backup detects before loading. Restore another "
                        + "backup. Everything was rolled back; the live tables were left as they were.");

        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("1|current", "2|second", "3|three");
        assertThat(dump(defaultSchema(), "tags", "label")).as("the table loaded before the failing one is rolled back too")
                .containsExactly("1|blue");
        assertThat(database().tables(defaultSchema())).as("no staging table is left").containsExactly("items", "tags");
    }

    @Test
    public void restore_intoATableThatChangesValuesOnTheWayIn_isRefusedAndLeavesItsRows() {
        assumeTrue(server().columnTypes(), "only a table with column types can change values on the way in");
        database().execute(defaultSchema(), server().createDecimalTable("prices", 4));
        database().insert(defaultSchema(), "prices", List.of(amount(1, "1.2345")));
        String other = database().schemaName("narrow");
        database().createSchema(other);
        // Same column kind (decimal), so the restore's column check passes, but two decimals: the load rounds 1.2345.
        database().execute(other, server().createDecimalTable("prices", 2));
        database().insert(other, "prices", List.of(amount(7, "7.77")));
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().tables("prices").build());

        assertThatThrownBy(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().target(Target.of(CORE, other)).build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH))
                .hasMessage("Cannot restore backup " + backup.id() + " into connection 'core': after loading, " + other
                        + ".prices does not match the backup (same row count (1) but different content), although the rows of "
                        + "the backup's file match its checksums: the table changed values on the way in (a narrower type, a "
                        + "trigger, a default). Give the table the backup's column types (manager.backups().manifest(id)"
                        + ".tables() lists them), or restore into a schema that has them with RestoreRequest.target(...). "
                        + "Everything was rolled back; the live tables were left as they were.");

        assertThat(dump(other, "prices", "amount")).containsExactly("7|7.77");
    }

    @Test
    public void restore_intactBackup_reportsTheVerificationItMadeBeforeCommitting() {
        table(defaultSchema(), "items", "name", 1, "one", 2, "two");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().tables("items").build());
        database().delete(defaultSchema(), "items", 2);

        RestoreResult restored = m.backupOperations().restore(backup.id(), RestoreRequest.defaults());

        assertThat(restored.verification().isValid()).as("%s", restored.verification().problems()).isTrue();
        assertThat(restored.verification().tables()).singleElement()
                .satisfies(t -> assertThat(t.liveRows()).isEqualTo(2));
        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("1|one", "2|two");
    }

    private static Map<String, Object> amount(int id, String amount) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("amount", new BigDecimal(amount));
        return record;
    }
}
