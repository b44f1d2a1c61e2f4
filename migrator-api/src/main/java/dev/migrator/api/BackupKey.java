package dev.migrator.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The secret of an encrypted backup: a passphrase (stretched with PBKDF2-HMAC-SHA256; salt and iterations are kept in
 * the manifest) or a raw 256-bit AES key. It is never written anywhere and never shown: {@link #toString()} is masked.
 */
public final class BackupKey {

    private final char[] passphrase;
    private final byte[] rawKey;

    private BackupKey(char[] passphrase, byte[] rawKey) {
        this.passphrase = passphrase;
        this.rawKey = rawKey;
    }

    /**
     * A passphrase; the array is copied.
     *
     * @param passphrase at least 8 characters; the caller may clear its array afterwards
     * @return the key; the AES key is derived from it with PBKDF2 when a backup is written or read
     * @throws ConfigurationException when it is shorter than 8 characters
     */
    public static BackupKey passphrase(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length < 8) {
            throw new ConfigurationException("A backup passphrase needs at least 8 characters; this one has "
                    + passphrase.length + ".");
        }
        return new BackupKey(passphrase.clone(), null);
    }

    /**
     * A passphrase given as a string (see {@link #passphrase(char[])}).
     *
     * @param passphrase at least 8 characters
     * @return the key
     */
    public static BackupKey passphrase(String passphrase) {
        return passphrase(Objects.requireNonNull(passphrase, "passphrase").toCharArray());
    }

    /**
     * A raw AES-256 key; the array is copied.
     *
     * @param key exactly 32 bytes; the caller may clear its array afterwards
     * @return the key
     * @throws ConfigurationException when it is not 32 bytes
     */
    public static BackupKey rawKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new ConfigurationException("A raw backup key must be 32 bytes (AES-256); this one has " + key.length + ".");
        }
        return new BackupKey(null, key.clone());
    }

    /** {@return whether this is a passphrase (else a raw key)} */
    public boolean isPassphrase() {
        return passphrase != null;
    }

    /** {@return a copy of the passphrase; only for the engine} */
    public char[] passphraseChars() {
        if (passphrase == null) {
            throw new IllegalStateException("This backup key is a raw key, not a passphrase.");
        }
        return passphrase.clone();
    }

    /** {@return a copy of the raw key; only for the engine} */
    public byte[] rawKeyBytes() {
        if (rawKey == null) {
            throw new IllegalStateException("This backup key is a passphrase, not a raw key.");
        }
        return rawKey.clone();
    }

    /** Overwrites the secret in memory; the key is unusable afterwards. */
    public void destroy() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
        if (rawKey != null) {
            Arrays.fill(rawKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return passphrase != null ? "BackupKey[passphrase ****]" : "BackupKey[raw key ****]";
    }
}
