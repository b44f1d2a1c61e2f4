package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore never acts on a backup whose manifest or files were edited, and keeps the live tables as they were: with a
 * key the manifest is authenticated and each file bound to its table (an encrypted backup whose two tables' names were
 * swapped in its manifest once restored each table's rows into the other); files are read only when they are regular
 * files inside the backup's folder (a link was followed to wherever it pointed).
 */
public abstract class BackupIntegrityContract extends KitSupport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final BackupKey KEY = BackupKey.passphrase("integrity test passphrase");

    /** Where this test's backups go. */
    @TempDir
    protected Path backups;

    /** A folder outside the backups, where a tampered backup's link points. */
    @TempDir
    protected Path outside;

    /** {@code apples} and {@code pears}, same columns, different rows; a backup of both; then the live rows change. */
    private BackupManifest fruitBackup(MigrationManager m, BackupKey key) {
        table(defaultSchema(), "apples", "name", 1, "cox", 2, "gala");
        table(defaultSchema(), "pears", "name", 10, "conference");
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().label("fruit").tables("apples", "pears").key(key).build());
        put(defaultSchema(), "apples", 3, "name", "fuji");
        put(defaultSchema(), "pears", 11, "name", "comice");
        return backup;
    }

    private static final List<String> LIVE_APPLES = List.of("1|cox", "2|gala", "3|fuji");
    private static final List<String> LIVE_PEARS = List.of("10|conference", "11|comice");

    private void assertLiveTablesUnchanged() {
        assertThat(dump(defaultSchema(), "apples", "name")).containsExactlyElementsOf(LIVE_APPLES);
        assertThat(dump(defaultSchema(), "pears", "name")).containsExactlyElementsOf(LIVE_PEARS);
    }

    private Path manifestOf(BackupManifest b) {
        return backups.resolve(b.id()).resolve("manifest.json");
    }

    private void editManifest(BackupManifest b, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(manifestOf(b).toFile());
        edit.accept(root);
        Files.write(manifestOf(b), JSON.writeValueAsBytes(root));
    }

    private static ObjectNode table(ObjectNode root, int i) {
        return (ObjectNode) root.withArray("tables").get(i);
    }

    /**
     * Renames the second column to the first's name; a collection's manifest lists no columns (MongoDB), so there one
     * is added: either way the columns a restore would check are no longer the ones the backup wrote.
     */
    private static void editColumns(ArrayNode columns) {
        if (columns.size() > 1) {
            ((ObjectNode) columns.get(1)).put("name", "id");
        } else {
            columns.addObject().put("name", "id").put("type", "integer").put("kind", "INTEGER");
        }
    }

    private static String macFailure(BackupManifest b) {
        return "The manifest of backup " + b.id() + " fails its authentication under the backup's key: it was changed "
                + "after the backup was written (a table's name, file, size, row count or columns). Nothing was read or "
                + "written; the backup cannot be trusted, use another one.";
    }

    private static void assertCorrupt(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining(message);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    public void restore_encryptedBackupWithTwoTablesSwappedInItsManifest_isRefusedAndTheTablesKeepTheirRows() throws Exception {
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = fruitBackup(m, KEY);
        String apples = defaultSchema() + ".apples";
        String pears = defaultSchema() + ".pears";
        editManifest(backup, root -> {
            assertThat(table(root, 0).get("name").asText()).isEqualTo(apples);
            table(root, 0).put("name", pears);
            table(root, 1).put("name", apples);
        });

        assertCorrupt(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(KEY).build()), macFailure(backup));
        assertLiveTablesUnchanged();
        assertCorrupt(() -> m.backups().verify(backup.id(), KEY), macFailure(backup));
        // Without the key only sizes and hashes can be checked, and they match: verify(id) cannot see this edit.
        assertThat(m.backups().verify(backup.id()).isValid()).isTrue();
    }

    @Test
    public void restore_encryptedBackupWithAnEditedRowCountOrColumnName_isRefusedAndTheTablesKeepTheirRows() throws Exception {
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = fruitBackup(m, KEY);
        String original = Files.readString(manifestOf(backup));
        List<Consumer<ObjectNode>> edits = List.of(
                root -> table(root, 0).put("rowCount", 3),
                root -> editColumns(table(root, 0).withArray("columns")));
        for (Consumer<ObjectNode> edit : edits) {
            Files.writeString(manifestOf(backup), original);
            editManifest(backup, edit);
            assertCorrupt(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(KEY).build()), macFailure(backup));
            assertLiveTablesUnchanged();
        }
        Files.writeString(manifestOf(backup), original);
        m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(KEY).build());
        assertThat(dump(defaultSchema(), "apples", "name")).containsExactly("1|cox", "2|gala");
    }

    @Test
    public void restore_encryptedBackupWithAFileCopiedFromAnotherBackupWithTheSameKey_isRefused() throws Exception {
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = fruitBackup(m, KEY);
        // A later backup under the same key: same table, same file name, other rows.
        BackupManifest later = m.backupOperations().backup(BackupRequest.builder().label("fruit").tables("apples", "pears").key(KEY).build());
        String file = backup.tables().get(0).file();
        assertThat(later.tables().get(0).file()).isEqualTo(file);
        Path target = backups.resolve(backup.id()).resolve(file);
        Files.copy(backups.resolve(later.id()).resolve(file), target, StandardCopyOption.REPLACE_EXISTING);

        assertCorrupt(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(KEY).build()), "is damaged, so nothing was "
                + "restored");
        assertLiveTablesUnchanged();
        // The manifest brought in line with the copied file: its MAC gives the edit away.
        String hash = sha256(target);
        long size = Files.size(target);
        editManifest(backup, root -> table(root, 0).put("sha256", hash).put("bytes", size));
        assertCorrupt(() -> m.backupOperations().restore(backup.id(), RestoreRequest.builder().key(KEY).build()), macFailure(backup));
        assertLiveTablesUnchanged();
    }

    @Test
    public void restore_tableFileReplacedByALinkOutsideTheBackup_isRefusedAndTheTablesKeepTheirRows() throws Exception {
        MigrationManager m = track(builder().backupDirectory(backups).build());
        BackupManifest backup = fruitBackup(m, null);
        // Rows planted outside the backup folder: a later backup's apples file, with the manifest's hashes updated.
        BackupManifest later = m.backupOperations().backup(BackupRequest.builder().label("later").tables("apples").build());
        String file = backup.tables().get(0).file();
        Path planted = Files.move(backups.resolve(later.id()).resolve(later.tables().get(0).file()), outside.resolve("planted"));
        Path link = backups.resolve(backup.id()).resolve(file);
        Files.delete(link);
        Files.createSymbolicLink(link, planted);
        String hash = sha256(planted);
        long size = Files.size(planted);
        editManifest(backup, root -> table(root, 0).put("sha256", hash).put("bytes", size).put("rowCount", 3));

        assertThatThrownBy(() -> m.backupOperations().restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("Backup " + backup.id() + " is damaged, so nothing was restored: " + defaultSchema()
                        + ".apples: " + file + " is a symbolic link (to " + planted + "); a backup's files are regular "
                        + "files inside its folder (the backup was tampered with). Restore another backup.");
        assertLiveTablesUnchanged();
    }
}
