package dev.migrator.core.internal.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders and files of backups, created readable by their owner only (0700 and 0600 on POSIX file systems, whatever
 * the umask): a backup holds a database's rows. Set at creation, so no file is ever readable by others, not even for a
 * moment. Elsewhere (Windows) the folder's inherited access control applies.
 */
final class OwnerOnly {

    private OwnerOnly() {}

    private static FileAttribute<?>[] mode(Path p, String permissions) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and its missing parents as 0700; existing folders keep their mode. */
    static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, mode(dir, "rwx------"));
    }

    /** Creates the folder {@code dir} as 0700; fails if it exists. */
    static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, mode(dir, "rwx------"));
    }

    /** Creates the file {@code file} as 0600 and opens it for writing; fails if it exists. */
    static OutputStream createFile(Path file) throws IOException {
        Files.createFile(file, mode(file, "rw-------"));
        return Files.newOutputStream(file, StandardOpenOption.WRITE);
    }

    /** Creates the file {@code file} as 0600 holding {@code bytes}; fails if it exists. */
    static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = createFile(file)) {
            out.write(bytes);
        }
    }
}
