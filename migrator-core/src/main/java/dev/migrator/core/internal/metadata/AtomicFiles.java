package dev.migrator.core.internal.metadata;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file all at once: a hidden temp file next to the target, flushed to disk, then renamed over it, so that a
 * reader (or a crash) sees the old content or the new, never a part. The metadata files and the export file are
 * written this way.
 */
final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Writes a file's content to the stream it is given (closing that stream is harmless). */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes the content to the target, whose folder must exist; a replaced file keeps its permissions.
     *
     * @param owner who writes, for log messages (a loader's name)
     * @throws IOException when the content cannot be written or moved; the temp file is deleted
     */
    static void write(Path target, Content content, String owner) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path tmp = folder.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // The channel stays open after the content closes its stream: it is forced to disk below.
                OutputStream stream = new FilterOutputStream(Channels.newOutputStream(ch)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                content.writeTo(stream);
                stream.flush();
                ch.force(true);
            }
            keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("[{}] {} does not support atomic renames; {} is replaced without one. Keep metadata on a local "
                        + "file system.", owner, folder, target);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warn("[{}] cannot delete temp file {}: {}; delete it by hand.", owner, tmp, e.toString());
            }
        }
    }

    // A replaced file keeps its permissions (the temp file has the process's defaults).
    private static void keepPermissions(Path from, Path to) {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src == null || dst == null || !Files.exists(from)) {
            return;
        }
        try {
            dst.setPermissions(src.readAttributes().permissions());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot copy the permissions of {}: {}", from, e.toString());
        }
    }
}
