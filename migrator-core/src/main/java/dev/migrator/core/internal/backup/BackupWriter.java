package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.TableInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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
    private final List<BackupManifest.Table> tables = new ArrayList<>();
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
        String file = String.format("%03d_%s.jsonl%s%s", index, safe(info.qualifiedName()),
                FileCompression.suffix(compression), secret != null ? ".enc" : "");
        try {
            SecretKey fileKey = secret == null ? null : secret.file();
            return new TableWriter(info, file, fileOpener.apply(tmp.resolve(file)), compression, fileKey, documents,
                    BackupCrypto.binding(id, info.qualifiedName(), file), failure -> fail(failure));
        } catch (UncheckedIOException e) {
            throw fail(e.getCause());
        }
    }

    synchronized void add(BackupManifest.Table t) {
        tables.add(t);
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
        List<BackupManifest.Table> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparingInt(t -> order.indexOf(t.name())));
        BackupManifest m = new BackupManifest(BackupManifest.FORMAT_VERSION, id, label, createdAt, source, consistency,
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

    /** One table's file being written. */
    public final class TableWriter implements AutoCloseable {
        private final TableInfo info;
        private final String file;
        private final MessageDigest sha = FileBackupStore.sha256();
        private final CountingStream counting;
        private final OutputStream out;
        private final RowEncoder encoder;
        private final ContentChecksum checksum = new ContentChecksum();
        private final Function<IOException, BackupException> onFailure;
        private boolean done;

        private TableWriter(TableInfo info, String file, OutputStream raw, Compression compression, SecretKey secret,
                DocumentCodec documents, byte[] binding, Function<IOException, BackupException> onFailure) {
            this.info = info;
            this.file = file;
            this.onFailure = onFailure;
            this.encoder = new RowEncoder(new RowCodec(info.columns(), documents));
            this.counting = new CountingStream(new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), sha));
            try {
                OutputStream o = counting;
                if (secret != null) {
                    o = EncryptedFile.encrypt(o, secret, binding);
                }
                o = FileCompression.compress(compression, o);
                // Compression and encryption cost as much as reading and encoding the rows: they run on a thread
                // of their own, fed through a bounded hand-off, so that both overlap.
                this.out = compression != Compression.NONE || secret != null
                        ? new HandOffStream(o, "migrator-backup-" + safe(info.qualifiedName()))
                        : new BufferedOutputStream(o, 1 << 16);
            } catch (IOException e) {
                throw onFailure.apply(e);
            }
        }

        /** Writes one row. */
        public void write(Object[] row) {
            try {
                RowEncoder.Buffer b = encoder.encode(row);
                checksum.add(b.bytes, b.size);
                out.write(b.bytes, 0, b.size);
                out.write('\n');
            } catch (IOException e) {
                throw onFailure.apply(e);
            }
        }

        /** Closes the file and records it for the manifest. */
        public BackupManifest.Table finish() {
            try {
                out.close();
            } catch (IOException e) {
                throw onFailure.apply(e);
            }
            done = true;
            List<BackupManifest.Column> cols = info.columns().stream()
                    .map(c -> new BackupManifest.Column(c.name(), c.type(), FileBackupStore.kindOf(c))).toList();
            BackupManifest.Table t = new BackupManifest.Table(info.qualifiedName(), file, checksum.rows(), counting.count,
                    HexFormat.of().formatHex(sha.digest()), checksum.value(), cols, info.primaryKey());
            add(t);
            return t;
        }

        @Override
        public void close() {
            if (!done) {
                try {
                    out.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("closing a failed table file: {}", e.getMessage());
                }
            }
        }
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
