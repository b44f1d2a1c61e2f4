package dev.migrator.core.internal.backup;

import static dev.migrator.core.internal.backup.FileBackupStoreTest.SOURCE;
import static dev.migrator.core.internal.backup.FileBackupStoreTest.USERS;
import static dev.migrator.core.internal.backup.FileBackupStoreTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.VerifyReport;
import dev.migrator.spi.TableInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a key, a backup's manifest is authenticated and each file is bound to its backup, table and name: swapping two
 * tables' names in the manifest of an encrypted backup once passed verify and restored each table's rows into the
 * other.
 */
class FileBackupStoreAuthenticationTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TableInfo ADMINS = new TableInfo("auth", "admins", USERS.columns(), USERS.primaryKey());
    private static final BackupKey KEY = BackupKey.passphrase("correct horse battery staple");
    private static final String LEGACY_ID = "backup_legacy_v1_20261201T000000000Z";

    @TempDir
    Path dir;

    /** {@code auth.users} with ids 1..3 and {@code auth.admins} with ids 101..102, same columns. */
    private BackupManifest writeTwoTables(String label, BackupKey key) {
        FileBackupStore store = new FileBackupStore(dir);
        try (BackupWriter w = store.begin(label, SOURCE, "test", Compression.GZIP, key)) {
            try (BackupWriter.TableWriter t = w.table(USERS, 0)) {
                for (long i = 1; i <= 3; i++) {
                    t.write(user(i));
                }
                t.finish();
            }
            try (BackupWriter.TableWriter t = w.table(ADMINS, 1)) {
                t.write(user(101));
                t.write(user(102));
                t.finish();
            }
            return w.commit(List.of(USERS.qualifiedName(), ADMINS.qualifiedName()), Duration.ofMillis(5));
        }
    }

    private Path manifestOf(String id) {
        return dir.resolve(id).resolve(FileBackupStore.MANIFEST);
    }

    private void editManifest(String id, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(manifestOf(id).toFile());
        edit.accept(root);
        Files.write(manifestOf(id), JSON.writeValueAsBytes(root));
    }

    private static ObjectNode table(ObjectNode root, int i) {
        return (ObjectNode) root.withArray("tables").get(i);
    }

    private List<Object> ids(String id, String table, BackupKey key) {
        try (Stream<Map<String, Object>> rows = new FileBackupStore(dir).records(id, table, key)) {
            return rows.map(r -> r.get("id")).toList();
        }
    }

    private static String macFailure(String id) {
        return "The manifest of backup " + id + " fails its authentication under the backup's key: it was changed after "
                + "the backup was written (a table's name, file, size, row count or columns). Nothing was read or written;"
                + " the backup cannot be trusted, use another one.";
    }

    private static void assertCorrupt(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining(message);
    }

    @Test
    void encrypted_manifestWithTwoTablesSwapped_isRefusedAsCorrupt() throws IOException {
        BackupManifest m = writeTwoTables("swap", KEY);
        assertThat(ids(m.id(), "auth.users", KEY)).containsExactly(1L, 2L, 3L);
        // Each entry keeps its file, size and hash: only the names change places.
        editManifest(m.id(), root -> {
            table(root, 0).put("name", "auth.admins");
            table(root, 1).put("name", "auth.users");
        });
        FileBackupStore store = new FileBackupStore(dir);

        assertCorrupt(() -> ids(m.id(), "auth.users", KEY), macFailure(m.id()));
        assertCorrupt(() -> store.secretKey(store.manifest(m.id()), KEY), macFailure(m.id()));
        assertCorrupt(() -> store.verify(m.id(), KEY), macFailure(m.id()));
        // Without the key only sizes and SHA-256 can be checked, and they still match: that is all verify(id) can say.
        assertThat(store.verify(m.id()).isValid()).isTrue();
    }

    @Test
    void encrypted_manifestWithAnEditedRowCountColumnOrKey_isRefusedAsCorrupt() throws IOException {
        BackupManifest m = writeTwoTables("edits", KEY);
        String original = Files.readString(manifestOf(m.id()));
        List<Consumer<ObjectNode>> edits = List.of(
                root -> table(root, 0).put("rowCount", 4),
                root -> ((ObjectNode) table(root, 0).withArray("columns").get(1)).put("name", "mail"),
                root -> ((ObjectNode) table(root, 0).withArray("columns").get(2)).put("type", "text"),
                root -> table(root, 0).putArray("primaryKey").add("email"),
                root -> root.put("createdAt", "2020-01-01T00:00:00Z"),
                root -> root.remove("manifestMac"));
        for (Consumer<ObjectNode> edit : edits) {
            Files.writeString(manifestOf(m.id()), original);
            editManifest(m.id(), edit);
            assertCorrupt(() -> ids(m.id(), "auth.users", KEY), macFailure(m.id()));
            assertCorrupt(() -> new FileBackupStore(dir).verify(m.id(), KEY), macFailure(m.id()));
        }
        Files.writeString(manifestOf(m.id()), original);
        assertThat(ids(m.id(), "auth.users", KEY)).containsExactly(1L, 2L, 3L);
        assertThat(new FileBackupStore(dir).verify(m.id(), KEY).isValid()).isTrue();
    }

    @Test
    void encrypted_fileCopiedFromAnotherBackupWithTheSameKey_isRefused() throws Exception {
        BackupManifest mine = writeTwoTables("mine", KEY);
        BackupManifest other = writeTwoTables("other", KEY);
        String file = mine.tables().get(0).file();
        assertThat(other.tables().get(0).file()).isEqualTo(file);
        Files.copy(dir.resolve(other.id()).resolve(file), dir.resolve(mine.id()).resolve(file),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FileBackupStore store = new FileBackupStore(dir);

        // The manifest as written: the file's hash differs, and its chunks are bound to the other backup's id.
        assertThat(store.verify(mine.id(), KEY).problems()).singleElement().asString().contains("SHA-256");
        assertCorrupt(() -> ids(mine.id(), "auth.users", KEY), "chunk 0 fails authentication: the file was altered, "
                + "belongs to another table or backup, or the key is wrong");
        // The manifest's hash and size brought in line with the copied file: the manifest's MAC no longer matches.
        Path copied = dir.resolve(mine.id()).resolve(file);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copied)));
        long size = Files.size(copied);
        editManifest(mine.id(), root -> table(root, 0).put("sha256", hash).put("bytes", size));
        assertCorrupt(() -> ids(mine.id(), "auth.users", KEY), macFailure(mine.id()));
        assertCorrupt(() -> store.verify(mine.id(), KEY), macFailure(mine.id()));
    }

    @Test
    void encrypted_filesOfTwoTablesSwapped_doNotDecryptAsTheOtherTable() throws IOException {
        BackupManifest m = writeTwoTables("files", KEY);
        Path users = dir.resolve(m.id()).resolve(m.tables().get(0).file());
        Path admins = dir.resolve(m.id()).resolve(m.tables().get(1).file());
        Path tmp = dir.resolve("tmp");
        Files.move(users, tmp);
        Files.move(admins, users);
        Files.move(tmp, admins);
        FileBackupStore store = new FileBackupStore(dir);

        assertThat(store.verify(m.id(), KEY).problems()).containsExactly(
                "auth.users: file has " + Files.size(users) + " bytes, the manifest says " + Files.size(admins)
                        + " (truncated or appended to)",
                "auth.admins: file has " + Files.size(admins) + " bytes, the manifest says " + Files.size(users)
                        + " (truncated or appended to)");
        assertCorrupt(() -> ids(m.id(), "auth.users", KEY), "the manifest says " + Files.size(admins));
        // Past the size check (as if the sizes matched), the chunks, bound to the admins' table and file, still refuse
        // to open as the users' table.
        javax.crypto.SecretKey secret = store.secretKey(store.manifest(m.id()), KEY);
        BackupManifest.Table t = m.tables().get(0);
        BackupManifest.Table sized = new BackupManifest.Table(t.name(), t.file(), t.rowCount(), Files.size(users),
                t.sha256(), t.contentChecksum(), t.columns(), t.primaryKey());
        assertCorrupt(() -> {
            try (RowReader reader = store.open(m, sized, secret, null)) {
                reader.next();
            }
        }, "chunk 0 fails authentication: the file was altered, belongs to another table or backup, or the key is wrong");
    }

    @Test
    void keyGiven_forABackupWhoseManifestSaysItIsNotEncrypted_isRefused() throws IOException {
        BackupManifest m = writeTwoTables("stripped", KEY);
        editManifest(m.id(), root -> root.putNull("encryption"));
        FileBackupStore store = new FileBackupStore(dir);

        String message = "Backup " + m.id() + " is not encrypted, but a key was given. A key reads only an encrypted "
                + "backup whose manifest it authenticates: give no key for a backup taken without one; a backup taken "
                + "with a key whose manifest says otherwise was edited and cannot be trusted.";
        for (Runnable action : List.<Runnable>of(() -> ids(m.id(), "auth.users", KEY),
                () -> store.secretKey(store.manifest(m.id()), KEY), () -> store.verify(m.id(), KEY))) {
            assertThatThrownBy(action::run)
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_KEY_INVALID))
                    .hasMessage(message);
        }
    }

    @Test
    void encrypted_backup_recordsItsFormatAndAManifestMac() throws IOException {
        BackupManifest m = writeTwoTables("format", KEY);

        assertThat(m.encryption().algorithm()).isEqualTo("AES-256-GCM-v2");
        ObjectNode root = (ObjectNode) JSON.readTree(manifestOf(m.id()).toFile());
        assertThat(root.get("manifestMac").asText()).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 44);
        try (InputStream in = Files.newInputStream(dir.resolve(m.id()).resolve(m.tables().get(0).file()))) {
            assertThat(new String(in.readNBytes(8), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MGRBENC2");
        }
        VerifyReport report = new FileBackupStore(dir).verify(m.id(), KEY);
        assertThat(report.isValid()).as("%s", report.problems()).isTrue();
        assertThat(report.files()).hasSize(2);
    }

    @Test
    void legacyEncryptedBackup_isReadByRecordsButNotRestoredAndVerifyReportsItUnauthenticated() throws IOException {
        Path legacy = Path.of("src/test/resources/dev/migrator/core/internal/backup/legacy-v1", LEGACY_ID);
        Files.createDirectories(dir.resolve(LEGACY_ID));
        try (Stream<Path> files = Files.list(legacy)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(LEGACY_ID).resolve(f.getFileName()));
            }
        }
        FileBackupStore store = new FileBackupStore(dir);
        BackupKey key = BackupKey.passphrase("legacy passphrase");

        assertThat(ids(LEGACY_ID, "auth.users", key)).containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> store.secretKey(store.manifest(LEGACY_ID), key))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_FORMAT_UNSUPPORTED))
                .hasMessage("Backup " + LEGACY_ID + " was encrypted by an earlier migrator (AES-256-GCM, encryption format 1)"
                        + " whose manifest is not authenticated: an edit that swaps its tables' files would go unnoticed, so"
                        + " it is not restored. Read its rows with records(id, table, key), or restore it with the migrator"
                        + " version that wrote it; then take a new backup.");
        VerifyReport report = store.verify(LEGACY_ID, key);
        assertThat(report.problems()).containsExactly("manifest.json: not authenticated: written by an earlier migrator "
                + "(encryption format 1) without a manifest MAC, so an edit that swaps its tables' files cannot be found. "
                + "Restore refuses it; read its rows with records(id, table, key) and take a new backup.");
        assertThat(store.verify(LEGACY_ID).isValid()).isTrue();
        assertThatThrownBy(() -> store.verify(LEGACY_ID, BackupKey.passphrase("wrong passphrase")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_KEY_INVALID));
    }

    // Pins what the README says: without a key nothing is authenticated, so a consistent edit goes unnoticed.
    @Test
    void unencryptedBackup_consistentEditOfFilesAndManifest_isNotDetected() throws Exception {
        BackupManifest m = writeTwoTables("plain", null);
        FileBackupStore store = new FileBackupStore(dir);
        Path users = dir.resolve(m.id()).resolve(m.tables().get(0).file());
        Path admins = dir.resolve(m.id()).resolve(m.tables().get(1).file());
        // A consistent edit of files and manifest: what the README says an unencrypted backup cannot detect.
        Path tmp = dir.resolve("tmp");
        Files.move(users, tmp);
        Files.move(admins, users);
        Files.move(tmp, admins);
        editManifest(m.id(), root -> {
            ObjectNode a = table(root, 0);
            ObjectNode b = table(root, 1);
            for (String field : List.of("sha256", "bytes", "rowCount", "contentChecksum")) {
                var va = a.get(field);
                a.set(field, b.get(field));
                b.set(field, va);
            }
        });
        assertThat(store.verify(m.id()).isValid()).isTrue();
        assertThat(ids(m.id(), "auth.users", null)).containsExactly(101L, 102L);
    }
}
