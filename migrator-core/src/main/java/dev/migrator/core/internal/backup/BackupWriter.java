package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.core.internal.util.HandOff;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.TableInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup being written into its hidden {@code .incomplete-*} folder, one table file at a time; {@link #commit} writes the
 * manifest, syncs and renames the folder into place, {@link #close()} without it deletes everything written.
 */
final class BackupWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);

    private final Path root;
    private final Function<Path, OutputStream> fileOpener;
    private final String id;
    private final String label;
    private final Instant createdAt;
    private final BackupManifest.Source source;
    private final String consistency;
    private final Compression compression;
    private final BackupManifest.Encryption encryption;
    private final BackupCrypto.Keys secret;
    private final Path tmp;
    private final List<Written> written = new ArrayList<>();
    private boolean committed;

    BackupWriter(Path root, Function<Path, OutputStream> fileOpener, String id, String label, Instant createdAt, BackupManifest.Source source, String consistency,
            Compression compression, BackupManifest.Encryption encryption, BackupCrypto.Keys secret, Path tmp) {
        this.root = root;
        this.fileOpener = fileOpener;
        this.id = id;
        this.label = label;
        this.createdAt = createdAt;
        this.source = source;
        this.consistency = consistency;
        this.compression = compression;
        this.encryption = encryption;
        this.secret = secret;
        this.tmp = tmp;
    }

    public String id() {
        return id;
    }

    /** Opens the file of one table whose rows hold no documents; see {@link #table(TableInfo, int, DocumentCodec)}. */
    public TableWriter table(TableInfo info, int index) {
        return table(info, index, null);
    }

    /**
     * Opens the file of one table; thread-confined, but several tables may be written at once.
     *
     * @param documents the backend's codec for the table's DOCUMENT values, or {@code null} when it has none
     */
    public TableWriter table(TableInfo info, int index, DocumentCodec documents) {
        return open(info, String.format("%03d_%s", index, safe(info.qualifiedName())), WHOLE, documents);
    }

    /**
     * Opens the file of one part of a table read in key ranges; the parts of a table, numbered from 0 in key order,
     * become one manifest entry when the backup is committed.
     */
    public TableWriter part(TableInfo info, int index, int part, DocumentCodec documents) {
        return open(info, String.format("%03d_%s.part%03d", index, safe(info.qualifiedName()), part), part, documents);
    }

    /** The part number of a table written whole. */
    private static final int WHOLE = -1;

    private TableWriter open(TableInfo info, String stem, int part, DocumentCodec documents) {
        String file = stem + ".jsonl" + FileCompression.suffix(compression) + (secret != null ? ".enc" : "");
        try {
            SecretKey fileKey = secret == null ? null : secret.file();
            return new TableWriter(info, file, part, fileOpener.apply(tmp.resolve(file)), compression, fileKey, documents,
                    BackupCrypto.binding(id, info.qualifiedName(), file), failure -> fail(failure));
        } catch (UncheckedIOException e) {
            throw fail(e.getCause());
        }
    }

    /** One file written: a whole table's, or one part's. */
    private record Written(TableInfo info, int part, BackupManifest.Part file, ContentChecksum checksum) {}

    private synchronized void add(Written w) {
        written.add(w);
    }

    /** The manifest's entries: one per table, its parts (if any) gathered in key order. */
    private synchronized List<BackupManifest.Table> tables() {
        Map<String, List<Written>> byTable = new LinkedHashMap<>();
        for (Written w : written) {
            byTable.computeIfAbsent(w.info().qualifiedName(), k -> new ArrayList<>()).add(w);
        }
        List<BackupManifest.Table> out = new ArrayList<>();
        for (List<Written> files : byTable.values()) {
            files.sort(Comparator.comparingInt(Written::part));
            TableInfo info = files.get(0).info();
            List<BackupManifest.Column> cols = info.columns().stream()
                    .map(c -> new BackupManifest.Column(c.name(), c.type(), FileBackupStore.kindOf(c))).toList();
            BackupManifest.Part first = files.get(0).file();
            if (files.get(0).part() == WHOLE) {
                out.add(new BackupManifest.Table(info.qualifiedName(), first.file(), first.rowCount(), first.bytes(),
                        first.sha256(), files.get(0).checksum().value(), cols, info.primaryKey()));
                continue;
            }
            ContentChecksum checksum = new ContentChecksum();
            long bytes = 0;
            for (Written w : files) {
                checksum.add(w.checksum());
                bytes += w.file().bytes();
            }
            out.add(new BackupManifest.Table(info.qualifiedName(), first.file(), checksum.rows(), bytes, first.sha256(),
                    checksum.value(), cols, info.primaryKey(), files.stream().map(Written::file).toList()));
        }
        return out;
    }

    BackupException fail(IOException e) {
        String message = String.valueOf(e.getMessage());
        boolean full = message.contains("No space left") || message.contains("Disk quota");
        return new BackupException(ErrorCode.BACKUP_FAILED, "Writing backup " + id + " to " + root + " failed: " + message
                + (full ? " (the disk is full). Free space or choose another backupDirectory; " : ". ")
                + "No partial backup was left behind and the database was not changed.", e);
    }

    /** Writes the manifest, syncs, and renames the folder into place. */
    public BackupManifest commit(List<String> order, Duration duration) {
        List<BackupManifest.Table> ordered = tables();
        ordered.sort(Comparator.comparingInt(t -> order.indexOf(t.name())));
        // Format 1 when no table is in parts, so that a release that predates parts still reads the backup.
        int format = ordered.stream().anyMatch(t -> !t.parts().isEmpty()) ? BackupManifest.FORMAT_VERSION
                : BackupManifest.FORMAT_VERSION_SINGLE_FILES;
        BackupManifest m = new BackupManifest(format, id, label, createdAt, source, consistency,
                compression, encryption, ordered, duration);
        try {
            // With a key the manifest carries an HMAC over everything in it, so that no edit (a swap of two tables'
            // names, a row count, a column) goes unnoticed by whoever holds the key.
            String mac = secret == null ? null : BackupCrypto.manifestMac(secret.manifest(), ManifestJson.canonical(m));
            OwnerOnly.write(tmp.resolve(FileBackupStore.MANIFEST), ManifestJson.write(m, mac));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
                for (Path f : files) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            Path target = root.resolve(id);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            committed = true;
            return m;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                FileBackupStore.deleteTree(tmp);
            } catch (RuntimeException e) {
                LOG.warn("Could not remove the incomplete backup {}: {}", tmp, e.getMessage());
            }
        }
    }

    /**
     * One table's file being written. The caller's thread only collects rows (reading them from the database is work
     * enough for it); a thread of its own encodes them, adds them to the content checksum and writes them, and another
     * compresses and encrypts (a {@link HandOffStream}), so that the three overlap.
     */
    public final class TableWriter implements AutoCloseable {
        /** Rows per hand-off to the encoding thread, unless {@link #BATCH_BYTES} is reached first. */
        static final int BATCH = 512;
        /** About this many bytes of values per batch at most, so that rows of large values keep memory flat too. */
        static final long BATCH_BYTES = 1 << 20;
        /** Batches that may wait for the encoding thread. */
        static final int WAITING = 4;

        private final TableInfo info;
        private final String file;
        private final int part;
        private final MessageDigest sha = FileBackupStore.sha256();
        private final CountingStream counting;
        private final ContentChecksum checksum = new ContentChecksum();
        private final Function<IOException, BackupException> onFailure;
        private final HandOff.Writing<Object[][], IOException> encoding;
        private Object[][] batch = new Object[BATCH][];
        private int rows;
        private long bytes;
        private boolean done;

        private TableWriter(TableInfo info, String file, int part, OutputStream raw, Compression compression, SecretKey secret,
                DocumentCodec documents, byte[] binding, Function<IOException, BackupException> onFailure) {
            this.info = info;
            this.file = file;
            this.part = part;
            this.onFailure = onFailure;
            this.counting = new CountingStream(new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), sha));
            OutputStream out;
            try {
                OutputStream o = counting;
                if (secret != null) {
                    o = EncryptedFile.encrypt(o, secret, binding);
                }
                o = FileCompression.compress(compression, o);
                // Compression and encryption cost as much as encoding the rows: they run on a thread of their own, fed
                // through a bounded hand-off, so that both overlap.
                out = compression != Compression.NONE || secret != null
                        ? new HandOffStream(o, "migrator-backup-" + safe(info.qualifiedName()))
                        : new BufferedOutputStream(o, 1 << 16);
            } catch (IOException e) {
                throw onFailure.apply(e);
            }
            RowEncoder encoder = new RowEncoder(new RowCodec(info.columns(), documents));
            OutputStream target = out;
            this.encoding = HandOff.toThread("migrator-backup-encode-" + safe(info.qualifiedName()), WAITING,
                    in -> encode(in, encoder, target));
        }

        /** On the encoding thread: every batch into the file, then closes it (also when the caller gives up). */
        private void encode(HandOff.In<Object[][]> in, RowEncoder encoder, OutputStream target)
                throws IOException, InterruptedException {
            try (OutputStream out = target) {
                for (Object[][] rows = in.next(); rows != null; rows = in.next()) {
                    for (Object[] row : rows) {
                        RowEncoder.Buffer b = encoder.encode(row);
                        checksum.add(b.bytes, b.size);
                        out.write(b.bytes, 0, b.size);
                        out.write('\n');
                    }
                }
            }
        }

        /** Writes one row; a failure to encode or write an earlier row may be thrown here. */
        public void write(Object[] row) {
            batch[rows++] = row;
            bytes += estimate(row);
            if (rows == BATCH || bytes >= BATCH_BYTES) {
                handOff();
            }
        }

        private void handOff() {
            Object[][] full = rows == BATCH ? batch : Arrays.copyOf(batch, rows);
            batch = new Object[BATCH][];
            rows = 0;
            bytes = 0;
            try {
                encoding.put(full);
            } catch (IOException e) {
                throw onFailure.apply(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                encoding.close();
                throw onFailure.apply(new InterruptedIOException("interrupted while writing the backup"));
            }
        }

        /** Closes the file and records it for the manifest. */
        public void finish() {
            if (rows > 0) {
                handOff();
            }
            try {
                encoding.finish(); // the encoding thread has written and closed the file when it returns
            } catch (IOException e) {
                throw onFailure.apply(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw onFailure.apply(new InterruptedIOException("interrupted while finishing the backup file"));
            }
            done = true;
            add(new Written(info, part, new BackupManifest.Part(file, checksum.rows(), counting.count,
                    HexFormat.of().formatHex(sha.digest())), checksum));
        }

        @Override
        public void close() {
            if (!done) {
                encoding.close(); // stops the encoding thread, which closes the file
            }
        }
    }

    /** A rough size of a row's values in memory, to bound a batch: only large values matter. */
    private static long estimate(Object[] row) {
        long n = 16L * row.length;
        for (Object v : row) {
            if (v instanceof byte[] b) {
                n += b.length;
            } else if (v instanceof String text) {
                n += text.length();
            } else if (v instanceof List<?> list) {
                n += 16L * list.size();
            }
        }
        return n;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_").replace("..", "__");
    }

    /** Counts bytes written through it. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
