package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores of tables (collections) of records with an integer key {@code id} and a text field: other
 * schemas, verification, encryption, tampering, missing tables. What depends on a backend's types stays in its tests.
 */
public abstract class BackupContract extends KitSupport {

    @TempDir
    protected Path backups;

    protected MigrationManager backupManager() {
        return track(builder().backupDirectory(backups).build());
    }

    @Test
    public void backupThenRestore_putsBackChangedDeletedAndAddedRecords() {
        table(defaultSchema(), "items", "name", 1, "one", 2, "two", 3, "three");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.defaults());
        put(defaultSchema(), "items", 1, "name", "changed");
        database().delete(defaultSchema(), "items", 2);
        put(defaultSchema(), "items", 4, "name", "added");

        m.backupOperations().restore(backup.id(), RestoreRequest.defaults());

        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("1|one", "2|two", "3|three");
        assertThat(backup.table(defaultSchema() + ".items")).hasValueSatisfying(t -> {
            assertThat(t.rowCount()).isEqualTo(3);
            assertThat(t.sha256()).hasSize(64);
        });
    }

    @Test
    public void restore_intoAnotherSchema_leavesTheSourceAlone() {
        table(defaultSchema(), "items", "name", 1, "one", 2, "two");
        String other = database().schemaName("copy");
        database().createSchema(other);
        table(other, "items", "name", 7, "old");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.defaults());
        put(defaultSchema(), "items", 1, "name", "changed");

        m.backupOperations().restore(backup.id(), RestoreRequest.builder().target(Target.of(CORE, other)).build());

        assertThat(dump(other, "items", "name")).containsExactly("1|one", "2|two");
        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("1|changed", "2|two");
    }

    @Test
    public void verify_comparesALiveDatabaseWithTheBackup_andReportsWhatDiffers() {
        table(defaultSchema(), "items", "name", 1, "one", 2, "two");
        table(defaultSchema(), "tags", "name", 1, null);
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.defaults());
        assertThat(m.backupOperations().verify(backup.id()).isValid()).isTrue();

        put(defaultSchema(), "items", 1, "name", "uno");
        put(defaultSchema(), "tags", 2, "name", null);
        VerifyReport report = m.backupOperations().verify(backup.id());

        assertThat(report.isValid()).isFalse();
        assertThat(report.problems())
                .anySatisfy(p -> assertThat(p).contains("items").contains("same row count (2) but different content"))
                .anySatisfy(p -> assertThat(p).contains("tags").contains("1 rows in the backup, 2 live"));
    }

    @Test
    public void encryptedBackup_restoresWithItsPassphrase_andAWrongOneChangesNothing() throws Exception {
        table(defaultSchema(), "secrets", "v", 1, "classified");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().key(BackupKey.passphrase("correct horse battery")).build());
        put(defaultSchema(), "secrets", 1, "v", "changed");
        try (Stream<Path> files = Files.list(backups.resolve(backup.id()))) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .doesNotContain("classified").doesNotContain("correct horse");
            }
        }

        assertThatThrownBy(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(BackupKey.passphrase("wrong horse battery")).build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_KEY_INVALID));
        assertThat(dump(defaultSchema(), "secrets", "v")).containsExactly("1|changed");
        assertThat(database().tables(defaultSchema())).containsExactly("secrets");

        m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(BackupKey.passphrase("correct horse battery")).build());
        assertThat(dump(defaultSchema(), "secrets", "v")).containsExactly("1|classified");
    }

    @Test
    public void tamperedBackup_isRefusedBeforeAnyRowIsWritten() throws Exception {
        table(defaultSchema(), "items", "name", 1, "one");
        MigrationManager m = backupManager();
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().compression(Compression.NONE).build());
        put(defaultSchema(), "items", 1, "name", "current");
        Path file = backups.resolve(backup.id()).resolve(backup.tables().get(0).file());
        Files.writeString(file, Files.readString(file).replace("one", "two"));

        assertThatThrownBy(() -> m.backupOperations().restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("items");

        assertThat(dump(defaultSchema(), "items", "name")).containsExactly("1|current");
        assertThat(database().tables(defaultSchema())).containsExactly("items");
    }

    @Test
    public void backupOfAMissingTable_namesItAndLeavesNoBackup() {
        table(defaultSchema(), "items", "name");
        MigrationManager m = backupManager();

        assertThatThrownBy(() -> m.backupOperations().backup(BackupRequest.builder().tables("items", "nope").build()))
                .hasMessageContaining("nope").hasMessageContaining("does not exist");

        assertThat(m.backups().list()).isEmpty();
        assertThat(backups.toFile().list()).isEmpty();
    }
}
