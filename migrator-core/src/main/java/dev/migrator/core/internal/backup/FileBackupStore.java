package dev.migrator.core.internal.backup;

import com.fasterxml.jackson.core.JsonParser;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupStore;
import dev.migrator.api.Compression;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.VerifyReport;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups in a directory: one folder per backup ({@code backup_{label}_{timestamp}}) with {@code manifest.json} and
 * one JSON-lines file per table, gzip-compressed and optionally encrypted. A backup is written into a hidden
 * {@code .incomplete-*} folder and renamed into place only after every file and the manifest are written and synced,
 * so a crash or a full disk never leaves a folder that looks like a backup. Folders and files are created readable by
 * their owner only ({@link OwnerOnly}).
 */
public final class FileBackupStore implements BackupStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileBackupStore.class);

    private static final Pattern ID = Pattern.compile("backup_[A-Za-z0-9_]{1,40}_\\d{8}T\\d{9}Z(_\\d{1,3})?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    static final String MANIFEST = "manifest.json";
    static final String INCOMPLETE = ".incomplete-";

    private final Path root;
    private final Function<Path, OutputStream> fileOpener;

    public FileBackupStore(Path root) {
        this(root, FileBackupStore::openFile);
    }

    /** For tests: {@code fileOpener} opens table files (e.g. on a device that is full). */
    FileBackupStore(Path root, Function<Path, OutputStream> fileOpener) {
        this.root = root.toAbsolutePath().normalize();
        this.fileOpener = fileOpener;
    }

    private static OutputStream openFile(Path p) {
        try {
            return OwnerOnly.createFile(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path location() {
        return root;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public List<BackupManifest> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<BackupManifest> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!ID.matcher(name).matches()) {
                    continue;
                }
                try {
                    out.add(manifest(name));
                } catch (BackupException e) {
                    if (e.code() != ErrorCode.BACKUP_NOT_FOUND) { // a folder without a manifest is not a backup
                        LOG.warn("Skipping backup folder {}: {}", dir, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Cannot list the backups in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(BackupManifest::createdAt).reversed().thenComparing(BackupManifest::id, Comparator.reverseOrder()));
        return out;
    }

    /** The folder of a backup id, refusing anything that is not a backup id (path characters included). */
    Path folder(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BackupException(ErrorCode.BACKUP_NOT_FOUND, "'" + id + "' is not a backup id; ids look like "
                    + "backup_before_v42_20250101T120000000Z (see list()).");
        }
        Path dir = root.resolve(id);
        // Looked at without following links: a linked folder or manifest would be read from wherever it points.
        if (Files.isSymbolicLink(dir)) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The folder of backup " + id + " (" + dir + ") is a "
                    + "symbolic link (to " + BackupFiles.linkTarget(dir) + "); a backup is a folder inside " + root
                    + ". Use another backup, or move the folder itself there.");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.exists(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupException(ErrorCode.BACKUP_NOT_FOUND, "There is no backup " + id + " in " + root
                    + "; list() shows the backups there.");
        }
        return dir;
    }

    @Override
    public BackupManifest manifest(String id) {
        BackupManifest m = ManifestJson.read(folder(id).resolve(MANIFEST), id);
        // Files are found and (with a key) bound by the manifest's id: a folder renamed to another id, or a manifest
        // moved from another backup, would otherwise be read as the backup it names.
        if (!id.equals(m.id())) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest in the folder of backup " + id + " is the "
                    + "manifest of backup " + m.id() + "; a backup's folder is named by its id. The folder was renamed "
                    + "or the manifest replaced; use another backup.");
        }
        return m;
    }

    @Override
    public Stream<Map<String, Object>> records(String id, String table, BackupKey key) {
        BackupManifest m = manifest(id);
        BackupManifest.Table t = m.table(table).orElseThrow(() -> new BackupException(ErrorCode.BACKUP_NOT_FOUND,
                "Backup " + id + " has no table " + table + "; it has " + m.tables().stream().map(BackupManifest.Table::name).toList() + "."));
        RowReader reader = open(m, t, BackupKeys.unlock(this, m, key, BackupKeys.Legacy.READ), null);
        List<String> names = t.columns().stream().map(BackupManifest.Column::name).toList();
        Iterator<Map<String, Object>> it = new Iterator<>() {
            Object[] next = reader.next();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map<String, Object> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    row.put(names.get(i), next[i]);
                }
                next = reader.next();
                return row;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(reader::close);
    }

    /**
     * The file key of an encrypted backup, for restore: the key is checked against the key check, then the manifest
     * against its MAC, before anything in it is trusted; {@code null} for an unencrypted backup given no key. A backup
     * of encryption format 1, whose manifest has no MAC, is refused.
     *
     * @param m the manifest that restore will act on: the MAC is checked over exactly this
     * @throws BackupException BACKUP_KEY_INVALID for a wrong or missing key, or a key given for an unencrypted
     *     backup; BACKUP_CORRUPT for a manifest that fails its MAC; BACKUP_FORMAT_UNSUPPORTED for format 1
     */
    public SecretKey secretKey(BackupManifest m, BackupKey key) {
        return BackupKeys.unlock(this, m, key, BackupKeys.Legacy.REFUSE);
    }

    /** Opens a table file for reading rows, decrypting and decompressing; {@code documents} as {@link RowCodec} takes it. */
    public RowReader open(BackupManifest m, BackupManifest.Table t, SecretKey key, dev.migrator.spi.DocumentCodec documents) {
        if (m.encryption() != null && key == null) {
            secretKey(m, null); // throws the right message
        }
        List<BackupManifest.Part> parts = t.files();
        try {
            InputStream in = openPart(m, t, parts.get(0), key);
            if (parts.size() > 1) {
                // The parts' rows, one after the other: each part is compressed and encrypted on its own (bound to its
                // own file name), so each is opened on its own, when the one before it is read to its end.
                java.util.Iterator<BackupManifest.Part> rest = parts.subList(1, parts.size()).iterator();
                InputStream first = in;
                in = new java.io.SequenceInputStream(new java.util.Enumeration<InputStream>() {
                    private boolean firstGiven;

                    @Override
                    public boolean hasMoreElements() {
                        return !firstGiven || rest.hasNext();
                    }

                    @Override
                    public InputStream nextElement() {
                        if (!firstGiven) {
                            firstGiven = true;
                            return first;
                        }
                        BackupManifest.Part part = rest.next();
                        try {
                            return openPart(m, t, part, key);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException("part " + part.file() + ": " + e.getMessage(), e);
                        }
                    }
                });
            }
            JsonParser parser = RowCodec.JSON.createParser(in);
            return new RowReader(new RowCodec(columnsOf(t), documents), parser, m.id(), t.name());
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "Cannot read table " + t.name() + " of backup " + m.id()
                    + " (" + folder(m.id()).resolve(t.file()) + "): " + why + (why.endsWith(".") ? " " : ". ")
                    + "Run verify(\"" + m.id() + "\").", e);
        }
    }

    /** One file of a table, decrypted and decompressed. */
    private InputStream openPart(BackupManifest m, BackupManifest.Table t, BackupManifest.Part part, SecretKey key)
            throws IOException {
        Path file = folder(m.id()).resolve(part.file());
        InputStream in = new BufferedInputStream(BackupFiles.open(file, part.file(), part.bytes()), 1 << 16);
        if (key != null) {
            byte[] binding = BackupCrypto.authenticated(m.encryption()) ? BackupCrypto.binding(m.id(), t.name(), part.file())
                    : null;
            in = EncryptedFile.decrypt(in, key, binding);
        }
        return FileCompression.decompress(m.compression(), in);
    }

    /** The SPI columns of a manifest table. */
    public static List<ColumnInfo> columnsOf(BackupManifest.Table t) {
        List<ColumnInfo> cols = new ArrayList<>();
        for (BackupManifest.Column c : t.columns()) {
            String kind = c.kind();
            if (kind.startsWith("ARRAY<")) {
                cols.add(new ColumnInfo(c.name(), c.type(), ValueKind.ARRAY,
                        ValueKind.valueOf(kind.substring(6, kind.length() - 1))));
            } else {
                cols.add(ColumnInfo.of(c.name(), c.type(), ValueKind.valueOf(kind)));
            }
        }
        return cols;
    }

    static String kindOf(ColumnInfo c) {
        return c.kind() == ValueKind.ARRAY ? "ARRAY<" + c.elementKind() + ">" : c.kind().name();
    }

    @Override
    public VerifyReport verify(String id) {
        BackupManifest m = manifest(id);
        Path dir = folder(id);
        List<VerifyReport.FileCheck> checks = new ArrayList<>();
        for (BackupManifest.Table t : m.tables()) {
            for (BackupManifest.Part part : t.files()) {
                checks.add(check(dir, t.name(), part));
            }
        }
        return new VerifyReport(id, checks, List.of());
    }

    /**
     * As {@link #verify(String)}, and with the key of an encrypted backup first checks the key and the manifest's MAC;
     * a backup of encryption format 1 gets a problem line saying its manifest is not authenticated.
     */
    @Override
    public VerifyReport verify(String id, BackupKey key) {
        if (key == null) {
            return verify(id);
        }
        BackupManifest m = manifest(id);
        BackupKeys.unlock(this, m, key, BackupKeys.Legacy.READ);
        List<VerifyReport.FileCheck> checks = new ArrayList<>();
        if (!BackupCrypto.authenticated(m.encryption())) {
            checks.add(new VerifyReport.FileCheck(MANIFEST, MANIFEST, false, "not authenticated: written by an earlier "
                    + "migrator (encryption format 1) without a manifest MAC, so an edit that swaps its tables' files "
                    + "cannot be found. Restore refuses it; read its rows with records(id, table, key) and take a new "
                    + "backup."));
        }
        Path dir = folder(id);
        for (BackupManifest.Table t : m.tables()) {
            for (BackupManifest.Part part : t.files()) {
                checks.add(check(dir, t.name(), part));
            }
        }
        return new VerifyReport(id, checks, List.of());
    }

    private static VerifyReport.FileCheck check(Path dir, String table, BackupManifest.Part t) {
        Path file = dir.resolve(t.file());
        try {
            String wrong = BackupFiles.notRegular(file);
            if (wrong != null) {
                return new VerifyReport.FileCheck(table, t.file(), false, t.file() + " " + wrong + BackupFiles.NOT_A_BACKUP_FILE);
            }
            long size = Files.size(file);
            if (size != t.bytes()) {
                return new VerifyReport.FileCheck(table, t.file(), false, "file has " + size + " bytes, the manifest says "
                        + t.bytes() + " (truncated or appended to)");
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(BackupFiles.open(file, t.file(), t.bytes()), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String hash = HexFormat.of().formatHex(sha.digest());
            if (!hash.equals(t.sha256())) {
                return new VerifyReport.FileCheck(table, t.file(), false, "SHA-256 " + hash + " differs from the manifest's "
                        + t.sha256() + " (the file was altered)");
            }
            return new VerifyReport.FileCheck(table, t.file(), true, null);
        } catch (NoSuchFileException e) {
            return new VerifyReport.FileCheck(table, t.file(), false, "file " + t.file() + " is missing");
        } catch (IOException e) {
            return new VerifyReport.FileCheck(table, t.file(), false, "cannot read " + t.file() + ": " + e.getMessage());
        }
    }

    @Override
    public void delete(String id) {
        Path dir = folder(id);
        deleteTree(dir);
        LOG.info("Deleted backup {}", id);
    }

    @Override
    public List<String> prune(int keepLast, Duration maxAge) {
        if (keepLast < 1) {
            throw new ConfigurationException("prune keepLast is " + keepLast + "; allowed: 1 or more (the newest backup is "
                    + "always kept).");
        }
        List<BackupManifest> all = list();
        Instant cutoff = maxAge == null ? null : Instant.now().minus(maxAge);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BackupManifest m = all.get(i);
            boolean tooMany = i >= keepLast;
            boolean tooOld = i > 0 && cutoff != null && m.createdAt().isBefore(cutoff);
            if (tooMany || tooOld) {
                delete(m.id());
                deleted.add(m.id());
            }
        }
        return deleted;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Cannot delete " + dir + ": " + e.getMessage()
                    + ". Delete the folder by hand.", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Starts a backup in a hidden folder.
     *
     * @param key the encryption secret, or {@code null}
     */
    public BackupWriter begin(String label, BackupManifest.Source source, String consistency, Compression compression,
            dev.migrator.api.BackupKey key) {
        FileCompression.requireAvailable(compression);
        Instant now = Instant.now();
        try {
            OwnerOnly.createDirectories(root);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Cannot create the backup directory " + root + ": "
                    + e.getMessage() + ". Check the path and permissions.", e);
        }
        String id = "backup_" + label + "_" + STAMP.format(now);
        for (int n = 2; Files.exists(root.resolve(id)); n++) {
            id = "backup_" + label + "_" + STAMP.format(now) + "_" + n;
        }
        Path tmp = root.resolve(INCOMPLETE + id);
        try {
            OwnerOnly.createDirectory(tmp);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Cannot create " + tmp + ": " + e.getMessage(), e);
        }
        BackupManifest.Encryption encryption = null;
        BackupCrypto.Keys secret = null;
        if (key != null) {
            String salt = key.isPassphrase() ? BackupCrypto.newSalt() : null;
            int iterations = key.isPassphrase() ? BackupCrypto.ITERATIONS : 0;
            secret = BackupCrypto.split(BackupCrypto.derive(key, salt, iterations));
            encryption = new BackupManifest.Encryption(BackupCrypto.ALGORITHM, key.isPassphrase() ? BackupCrypto.PBKDF2
                    : BackupCrypto.RAW, salt, iterations, BackupCrypto.keyCheck(secret.file()));
        }
        // Callers pass a masked URL already; masking again here means no caller can put a password into a manifest.
        BackupManifest.Source masked = new BackupManifest.Source(source.connection(), source.product(),
                source.serverVersion(), ConnectionConfig.mask(source.url()));
        return new BackupWriter(root, fileOpener, id, label, now, masked, consistency, compression, encryption, secret, tmp);
    }

}
