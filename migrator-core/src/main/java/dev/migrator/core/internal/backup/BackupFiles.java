package dev.migrator.core.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * How the store looks at what lies in a backup's folder: never through a symbolic link, only regular files, and never
 * more bytes than the manifest gives. A link to a file outside the folder would be restored from there; a link to
 * {@code /dev/zero}, or a FIFO, would keep verify and restore reading (or waiting to open) forever.
 */
final class BackupFiles {

    /** What every refusal of a file that is not a regular file inside the folder says after what it is. */
    static final String NOT_A_BACKUP_FILE = "; a backup's files are regular files inside its folder (the backup was "
            + "tampered with)";

    private BackupFiles() {}

    /**
     * What is wrong with a path that should be a regular file, e.g. {@code is a symbolic link (to /dev/zero)}, or
     * {@code null} when it is one; looked at without following links.
     *
     * @throws java.nio.file.NoSuchFileException when nothing is there
     */
    static String notRegular(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isSymbolicLink()) {
            return "is a symbolic link (to " + linkTarget(path) + ")";
        }
        return a.isDirectory() ? "is a folder" : "is not a regular file (a FIFO, device or socket)";
    }

    static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    /**
     * Opens a regular file for reading at most {@code bytes} bytes; a file of another size fails before anything is
     * read. Checked first without following links, then opened with {@code O_NOFOLLOW}, so a link swapped in between
     * fails too.
     *
     * @param shown how messages name the file
     * @throws IOException with a message that names the file and says what is wrong
     */
    static InputStream open(Path file, String shown, long bytes) throws IOException {
        String wrong = notRegular(file);
        if (wrong != null) {
            throw new IOException(shown + " " + wrong + NOT_A_BACKUP_FILE);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            long size = channel.size();
            if (size != bytes) {
                throw new IOException(shown + " has " + size + " bytes, the manifest says " + bytes
                        + " (truncated or appended to)");
            }
            return new Bounded(Channels.newInputStream(channel), bytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads at most {@code limit} bytes of a stream, then reports its end. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
