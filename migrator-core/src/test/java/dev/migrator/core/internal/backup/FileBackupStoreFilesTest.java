package dev.migrator.core.internal.backup;

import static dev.migrator.core.internal.backup.FileBackupStoreTest.tableFile;
import static dev.migrator.core.internal.backup.FileBackupStoreTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.VerifyReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store opens: only regular files inside a backup's folder, never through a link, and never more bytes than
 * the manifest gives. A link to {@code /dev/zero} or a FIFO once made verify and restore hang forever.
 */
class FileBackupStoreFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Well above what any check here needs, far below "forever". */
    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FileBackupStore store() {
        return new FileBackupStore(dir.resolve("store"));
    }

    private Path manifestOf(BackupManifest m) {
        return dir.resolve("store").resolve(m.id()).resolve(FileBackupStore.MANIFEST);
    }

    /** Edits the manifest's first table as someone covering their tracks would. */
    private void editTable(BackupManifest m, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(manifestOf(m).toFile());
        edit.accept((ObjectNode) root.withArray("tables").get(0));
        Files.write(manifestOf(m), JSON.writeValueAsBytes(root));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void readAll(FileBackupStore store, BackupManifest m) {
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
            rows.forEach(r -> {});
        }
    }

    @Test
    void tableFile_thatIsALinkToAFileOutsideTheFolder_isRefusedAsCorrupt() throws Exception {
        FileBackupStore store = store();
        BackupManifest victim = write(store, "victim", Compression.NONE, null, 3);
        BackupManifest other = write(store, "other", Compression.NONE, null, 7);
        // The other backup's file, moved outside the store, with the hashes updated so that only the link gives it away.
        Path outside = Files.move(tableFile(store, other), dir.resolve("outside.jsonl"));
        Path file = tableFile(store, victim);
        Files.delete(file);
        Files.createSymbolicLink(file, outside);
        String hash = sha256(outside);
        long size = Files.size(outside);
        editTable(victim, t -> t.put("sha256", hash).put("bytes", size).put("rowCount", 7));
        String name = victim.tables().get(0).file();

        VerifyReport report = store.verify(victim.id());
        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).containsExactly("auth.users: " + name + " is a symbolic link (to " + outside
                + "); a backup's files are regular files inside its folder (the backup was tampered with)");
        assertThatThrownBy(() -> readAll(store, victim))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("Cannot read table auth.users of backup " + victim.id())
                .hasMessageContaining(name + " is a symbolic link (to " + outside + ")");
    }

    @Test
    void tableFile_thatIsALinkToDevZero_isRefusedQuicklyByVerifyAndRead() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "zero", Compression.GZIP, null, 3);
        Path file = tableFile(store, m);
        Files.delete(file);
        Files.createSymbolicLink(file, Path.of("/dev/zero"));

        VerifyReport report = assertTimeoutPreemptively(QUICKLY, () -> store.verify(m.id()));
        assertThat(report.problems()).singleElement().asString().contains("is a symbolic link (to /dev/zero)");
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> readAll(store, m))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("is a symbolic link (to /dev/zero)"));
    }

    @Test
    void tableFile_thatIsAFifo_isRefusedWithoutWaitingForAWriter() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "fifo", Compression.GZIP, null, 3);
        Path file = tableFile(store, m);
        Files.delete(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        try {
            VerifyReport report = assertTimeoutPreemptively(QUICKLY, () -> store.verify(m.id()));
            assertThat(report.problems()).containsExactly("auth.users: " + m.tables().get(0).file() + " is not a regular "
                    + "file (a FIFO, device or socket); a backup's files are regular files inside its folder (the backup was"
                    + " tampered with)");
            assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> readAll(store, m))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                    .hasMessageContaining("is not a regular file (a FIFO, device or socket)"));
        } finally {
            // Opening read-write never blocks: it releases a reader stuck in open() when the store is broken.
            new RandomAccessFile(file.toFile(), "rw").close();
        }
    }

    @Test
    void tableFile_largerThanTheManifestSays_isRefusedBeforeItIsRead() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "grown", Compression.NONE, null, 3);
        Path file = tableFile(store, m);
        long size = Files.size(file);
        Files.writeString(file, "[4,\"appended@example.com\",null,null,null,null,null]\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(store.verify(m.id()).problems()).containsExactly("auth.users: file has " + Files.size(file)
                + " bytes, the manifest says " + size + " (truncated or appended to)");
        assertThatThrownBy(() -> readAll(store, m))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining(m.tables().get(0).file() + " has " + Files.size(file) + " bytes, the manifest says "
                        + size);
    }

    @Test
    void manifest_thatIsALink_isRefusedAsCorrupt() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "linked", Compression.GZIP, null, 1);
        Path outside = Files.move(manifestOf(m), dir.resolve("elsewhere.json"));
        Files.createSymbolicLink(manifestOf(m), outside);

        assertThatThrownBy(() -> store.manifest(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("The manifest of backup " + m.id() + " (" + manifestOf(m) + ") is a symbolic link (to " + outside
                        + "); a backup's files are regular files inside its folder (the backup was tampered with). Use "
                        + "another backup.");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void manifest_thatIsALinkToDevZero_isRefusedQuickly() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "zero", Compression.GZIP, null, 1);
        Files.delete(manifestOf(m));
        Files.createSymbolicLink(manifestOf(m), Path.of("/dev/zero"));

        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> store.manifest(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("is a symbolic link (to /dev/zero)"));
        assertTimeoutPreemptively(QUICKLY, () -> assertThat(store.list()).isEmpty());
    }

    @Test
    void manifest_largerThanAnyManifest_isRefusedWithoutReadingIt() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "huge", Compression.GZIP, null, 1);
        try (RandomAccessFile f = new RandomAccessFile(manifestOf(m).toFile(), "rw")) {
            f.setLength(ManifestJson.MAX_BYTES + 1); // sparse: costs nothing on disk
        }

        assertThatThrownBy(() -> store.manifest(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("The manifest of backup " + m.id() + " (" + manifestOf(m) + ") has " + (ManifestJson.MAX_BYTES + 1)
                        + " bytes; a manifest has at most " + ManifestJson.MAX_BYTES + ". The backup is damaged; use another"
                        + " one.");
    }

    @Test
    void backupFolder_thatIsALink_isRefusedAsCorrupt() throws Exception {
        FileBackupStore store = store();
        BackupManifest m = write(store, "moved", Compression.GZIP, null, 1);
        Path folder = dir.resolve("store").resolve(m.id());
        Path outside = Files.move(folder, dir.resolve("outside-folder"));
        Files.createSymbolicLink(folder, outside);

        assertThatThrownBy(() -> store.verify(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessage("The folder of backup " + m.id() + " (" + folder + ") is a symbolic link (to " + outside
                        + "); a backup is a folder inside " + dir.resolve("store") + ". Use another backup, or move the "
                        + "folder itself there.");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void regularFiles_stillVerifyAndRead() {
        FileBackupStore store = store();
        BackupManifest m = write(store, "fine", Compression.GZIP, null, 20);

        assertThat(store.verify(m.id()).isValid()).isTrue();
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
            assertThat(rows.map(r -> r.get("id")).toList()).hasSize(20).startsWith(1L, 2L);
        }
        assertThat(store.list()).extracting(BackupManifest::id).containsExactly(m.id());
    }
}
