package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.ErrorCode;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening an encrypted backup with the key the caller gives: which key is wanted (passphrase or raw), the key check,
 * and the manifest's authentication, before anything in the backup is trusted.
 */
final class BackupKeys {

    private static final Logger LOG = LoggerFactory.getLogger(BackupKeys.class);

    private BackupKeys() {}

    /** What to do with an encrypted backup of format 1, whose manifest cannot be authenticated. */
    enum Legacy {
        /** Read it, with a WARN: reading rows out changes nothing stored. */
        READ,
        /** Refuse it: restore would act on a manifest that may have been edited. */
        REFUSE
    }

    /**
     * The file key of backup {@code m} under {@code key}, after the key check and, from encryption format 2 on, the
     * manifest's MAC; {@code null} for an unencrypted backup given no key.
     */
    static SecretKey unlock(FileBackupStore store, BackupManifest m, BackupKey key, Legacy legacy) {
        BackupManifest.Encryption e = m.encryption();
        if (e == null) {
            if (key != null) {
                // A key promises an authenticated backup: a manifest that lost its encryption settings would otherwise
                // have its encrypted files read as plain ones, or a planted plain backup be restored unchecked.
                throw new BackupException(ErrorCode.BACKUP_KEY_INVALID, "Backup " + m.id() + " is not encrypted, but a key "
                        + "was given. A key reads only an encrypted backup whose manifest it authenticates: give no key "
                        + "for a backup taken without one; a backup taken with a key whose manifest says otherwise was "
                        + "edited and cannot be trusted.");
            }
            return null;
        }
        if (key == null) {
            throw new BackupException(ErrorCode.BACKUP_KEY_INVALID, "Backup " + m.id() + " is encrypted; give its "
                    + "passphrase or key (RestoreRequest.builder().key(...)).");
        }
        if (key.isPassphrase() != BackupCrypto.PBKDF2.equals(e.keyDerivation())) {
            throw new BackupException(ErrorCode.BACKUP_KEY_INVALID, "Backup " + m.id() + " was encrypted with a "
                    + (key.isPassphrase() ? "raw key" : "passphrase") + "; give that instead.");
        }
        SecretKey master = BackupCrypto.derive(key, e.salt(), e.iterations());
        if (!BackupCrypto.authenticated(e)) {
            requireOpens(m, master);
            if (legacy == Legacy.REFUSE) {
                throw new BackupException(ErrorCode.BACKUP_FORMAT_UNSUPPORTED, "Backup " + m.id() + " was encrypted by an "
                        + "earlier migrator (" + e.algorithm() + ", encryption format 1) whose manifest is not "
                        + "authenticated: an edit that swaps its tables' files would go unnoticed, so it is not restored. "
                        + "Read its rows with records(id, table, key), or restore it with the migrator version that wrote "
                        + "it; then take a new backup.");
            }
            LOG.warn("Backup {} is of encryption format 1: its manifest is not authenticated (an edit that swaps its "
                    + "tables' files cannot be found). Take a new backup.", m.id());
            return master;
        }
        BackupCrypto.Keys keys = BackupCrypto.split(master);
        requireOpens(m, keys.file());
        // The MAC is checked over the manifest as parsed, the one the caller acts on; where the MAC itself is read
        // from does not matter, as only the key can make one that matches.
        String mac = ManifestJson.readStored(store.folder(m.id()).resolve(FileBackupStore.MANIFEST), m.id()).mac();
        if (!BackupCrypto.macMatches(keys.manifest(), ManifestJson.canonical(m), mac)) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + m.id() + " fails its "
                    + "authentication under the backup's key: it was changed after the backup was written (a table's "
                    + "name, file, size, row count or columns). Nothing was read or written; the backup cannot be "
                    + "trusted, use another one.");
        }
        return keys.file();
    }

    private static void requireOpens(BackupManifest m, SecretKey key) {
        if (!BackupCrypto.opens(key, m.encryption().keyCheck())) {
            throw new BackupException(ErrorCode.BACKUP_KEY_INVALID, "The passphrase or key does not open backup " + m.id()
                    + ". Nothing was read or written; try again with the right one.");
        }
    }
}
