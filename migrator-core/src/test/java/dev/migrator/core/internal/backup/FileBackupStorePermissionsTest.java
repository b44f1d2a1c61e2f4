package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups hold a database's rows: whatever the process's umask, the folders the store creates are readable by their
 * owner only (0700) and so is every file in them (0600), encrypted or not.
 */
class FileBackupStorePermissionsTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.toList();
        }
    }

    @Test
    void backup_createdFoldersAndFiles_areReadableByTheirOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("a POSIX file system").contains("posix");
        Path root = dir.resolve("backups");
        FileBackupStore store = new FileBackupStore(root);

        BackupManifest plain = FileBackupStoreTest.write(store, "plain", Compression.GZIP, null, 20);
        BackupManifest encrypted = FileBackupStoreTest.write(store, "sealed", Compression.NONE,
                BackupKey.passphrase("correct horse battery"), 20);

        assertThat(mode(root)).as("the backup directory the store created").isEqualTo("rwx------");
        for (BackupManifest m : List.of(plain, encrypted)) {
            Path folder = root.resolve(m.id());
            assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
            List<Path> files = everything(folder).stream().filter(Files::isRegularFile).toList();
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("manifest.json", m.tables().get(0).file());
            for (Path f : files) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void backup_intoAnExistingDirectory_leavesItsModeAlone() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("a POSIX file system").contains("posix");
        Path root = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));

        BackupManifest m = FileBackupStoreTest.write(new FileBackupStore(root), "plain", Compression.GZIP, null, 5);

        assertThat(mode(root)).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve(m.id()))).isEqualTo("rwx------");
    }
}
