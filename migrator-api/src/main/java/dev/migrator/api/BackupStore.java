package dev.migrator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where backups live. The file-system store keeps one folder per backup, {@code backup_{label}_{timestamp}}, with a
 * {@code manifest.json} and one file per table; a backup appears only once it is complete.
 *
 * <p>Backups are taken and restored by a {@link MigrationManager}; the store lists, reads, verifies and deletes them.
 */
public interface BackupStore {

    /**
     * A store in a directory (created when missing). The engine ({@code migrator-core}) is found on the class path.
     *
     * @param directory the store's directory; created when missing
     * @return the store
     * @throws EngineNotFoundException when {@code migrator-core} is not on the class path
     */
    static BackupStore filesystem(Path directory) {
        return Engines.engine(null).backupStore(directory);
    }

    /** {@return the directory of a file-system store} */
    Path location();

    /** {@return every complete backup, newest first} Folders that are not complete backups are ignored. */
    List<BackupManifest> list();

    /**
     * {@return a backup's manifest}
     *
     * @param id the backup's id, e.g. {@code backup_nightly_20250101T020000Z}
     * @throws BackupException with {@link ErrorCode#BACKUP_NOT_FOUND} when there is none of that id (or the id holds
     *     path characters), {@link ErrorCode#BACKUP_FORMAT_UNSUPPORTED} when its format version is unknown
     */
    BackupManifest manifest(String id);

    /**
     * Streams one table's rows, column name to value, in file order; close the stream. Values are Java types by kind:
     * {@code String}, {@code Long}, {@code BigDecimal}, {@code Double}, {@code Boolean}, {@code byte[]},
     * {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime}, {@code UUID}, JSON as its
     * text, arrays as {@code List}, MongoDB documents as Extended JSON text.
     *
     * @param id the backup's id, e.g. {@code backup_nightly_20250101T020000Z}
     * @param table the backup's table name, {@code schema.table}
     * @param key the secret of an encrypted backup, or {@code null}
     * @return the rows in file order; holds the file open until closed
     * @throws BackupException when the backup, the table or the key is wrong, or the file is damaged
     */
    Stream<Map<String, Object>> records(String id, String table, BackupKey key);

    /**
     * Re-hashes every file of a backup against its manifest: sizes and SHA-256, which find truncation and accidental
     * damage. Without a key nothing is authenticated: a deliberate edit of a file together with the manifest (of an
     * encrypted backup too, such as two tables' names swapped) is not found; use {@link #verify(String, BackupKey)}.
     * Links and anything that is not a regular file inside the backup's folder are reported, never followed.
     *
     * @param id the backup's id, e.g. {@code backup_nightly_20250101T020000Z}
     * @return one check per table file; {@link VerifyReport#isValid()} when none failed
     */
    VerifyReport verify(String id);

    /**
     * As {@link #verify(String)}, and with the key of an encrypted backup first checks the key and authenticates the
     * manifest (its HMAC-SHA256 under a key derived from this one), so that an edit of anything in it — a table's
     * name, file, size, hash, row count or columns — is refused before its hashes are trusted. A backup encrypted
     * before manifests were authenticated (encryption format 1) is checked as by {@link #verify(String)} and gets a
     * problem line {@code manifest.json: not authenticated: ...}.
     *
     * @param id the backup's id, e.g. {@code backup_nightly_20250101T020000Z}
     * @param key the backup's passphrase or key; {@code null} is {@link #verify(String)}
     * @return one check per table file; {@link VerifyReport#isValid()} when none failed
     * @throws BackupException with {@link ErrorCode#BACKUP_CORRUPT} when the manifest fails its MAC,
     *     {@link ErrorCode#BACKUP_KEY_INVALID} when the key does not open the backup or the backup is not encrypted,
     *     {@link ErrorCode#BACKUP_NOT_FOUND} when there is no backup of that id
     */
    VerifyReport verify(String id, BackupKey key);

    /**
     * Deletes a backup.
     *
     * @param id the backup's id, e.g. {@code backup_nightly_20250101T020000Z}
     * @throws BackupException with {@link ErrorCode#BACKUP_NOT_FOUND} when there is none of that id
     */
    void delete(String id);

    /**
     * Deletes old backups: all but the newest {@code keepLast}, and, of those kept, any older than {@code maxAge}
     * when it is not {@code null}. The newest backup is never deleted.
     *
     * @param keepLast how many of the newest backups to keep
     * @param maxAge the age past which a kept backup is deleted too, or {@code null} for no age limit
     * @return the ids deleted
     */
    List<String> prune(int keepLast, Duration maxAge);
}
