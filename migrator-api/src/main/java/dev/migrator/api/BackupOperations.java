package dev.migrator.api;

/**
 * Backups and restores of a {@link MigrationManager}'s connections, from {@link MigrationManager#backupOperations()}:
 * taking a backup, restoring it, and verifying it against the live tables. The backups themselves live in
 * {@link #store()}, which lists, reads and deletes them. Safe to share between threads, as the manager is.
 */
public interface BackupOperations {

    /**
     * Backs up tables of one connection into the backup store, all tables consistent with each other (one snapshot).
     * The backup appears in the store only when complete.
     *
     * @param request the connection, tables, label, compression, key and parallelism; {@link BackupRequest#defaults()}
     *     for every table of the default target
     * @return the manifest of the backup written, with its id
     * @throws BackupException with {@link ErrorCode#BACKUP_FAILED} when writing fails (nothing partial is left)
     * @throws ConfigurationException when a requested table does not exist
     */
    BackupManifest backup(BackupRequest request);

    /**
     * Restores a backup: checks every file against the manifest and the key before writing a row, then, per table in
     * foreign-key order, truncates and reloads (in one transaction where the database allows), moves sequences past
     * the restored keys, and compares the result with the backup.
     *
     * @param backupId the id of the backup to restore
     * @param request where to restore, which tables, the key, and whether to verify
     * @return the tables restored, their row counts, and the verification when asked for
     * @throws BackupException when the backup is damaged, the key is wrong ({@link ErrorCode#BACKUP_KEY_INVALID}) or the
     *     target's tables differ from the backup's ({@link ErrorCode#RESTORE_MISMATCH}, naming the columns); nothing was
     *     changed then
     * @throws ConfigurationException when the request names an unknown connection
     */
    RestoreResult restore(String backupId, RestoreRequest request);

    /**
     * Verifies a backup: its files against its manifest, then each table against the live tables it was taken from
     * (row counts and an order-independent content checksum).
     *
     * @param backupId the id of the backup to verify
     * @return one check per file and one comparison per table; {@link VerifyReport#isValid()} when all match
     * @throws BackupException with {@link ErrorCode#BACKUP_NOT_FOUND} when there is no backup of that id
     */
    VerifyReport verify(String backupId);

    /**
     * As {@link #verify(String)}, comparing with the tables of another target (connection and schema).
     *
     * @param backupId the id of the backup to verify
     * @param target the connection and schema whose tables are compared with the backup
     * @return one check per file and one comparison per table; {@link VerifyReport#isValid()} when all match
     * @throws ConfigurationException when the target names an unknown connection
     */
    VerifyReport verify(String backupId, Target target);

    /**
     * {@return the backup store ({@link MigrationManager.Builder#backupDirectory(java.nio.file.Path)}); the same as
     * {@link MigrationManager#backups()}}
     */
    BackupStore store();
}
