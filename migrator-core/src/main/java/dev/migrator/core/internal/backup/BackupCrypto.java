package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of an encrypted backup and the HMAC that authenticates its manifest; the files themselves are written and
 * read by {@link EncryptedFile} (AES-256-GCM in chunks, each bound to the backup id, the table and the file, so that
 * reordered, dropped or truncated chunks, a file cut at a chunk boundary, and a file moved to another table or copied
 * from another backup under the same key, all fail authentication).
 *
 * <p>A passphrase becomes a master key with PBKDF2-HMAC-SHA256 (salt and iterations kept in the manifest); a raw key
 * is the master key. HKDF-SHA256 derives from it, under distinct labels, the file key and the manifest's MAC key, so
 * that neither can stand in for the other. A key check (a known text encrypted under the file key) lets a wrong key be
 * found before any data is read.
 *
 * <p>Encryption format 1 ({@link #LEGACY_ALGORITHM}, header {@code MGRBENC1}), written before manifests were
 * authenticated, used the master key for the files, no binding and no MAC; it is still read.
 */
final class BackupCrypto {

    /** Encryption format 2: chunks bound to backup, table and file; the manifest authenticated by an HMAC. */
    public static final String ALGORITHM = "AES-256-GCM-v2";
    /** Encryption format 1: chunks bound to nothing but their position; the manifest not authenticated. */
    public static final String LEGACY_ALGORITHM = "AES-256-GCM";
    /** How the manifest's MAC is written: {@code hmac-sha256:} and the MAC, base64. */
    static final String MAC_PREFIX = "hmac-sha256:";
    public static final String PBKDF2 = "PBKDF2-HMAC-SHA256";
    public static final String RAW = "raw";
    public static final int ITERATIONS = 310_000;

    private static final byte[] FILE_KEY_LABEL = "migrator backup v2: file encryption key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_KEY_LABEL = "migrator backup v2: manifest MAC key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BINDING_LABEL = "migrator backup v2: file of".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_CHECK_TEXT = "migrator backup key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCrypto() {}

    /** A fresh random salt, base64. */
    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt);
    }

    /**
     * The two keys of a format-2 backup, derived from its master key.
     *
     * @param file encrypts the table files and the key check
     * @param manifest authenticates the manifest (HMAC-SHA256)
     */
    public record Keys(SecretKey file, SecretKey manifest) {}

    /** Whether a backup of these encryption settings has an authenticated manifest and bound files (format 2). */
    public static boolean authenticated(dev.migrator.api.BackupManifest.Encryption e) {
        return e != null && ALGORITHM.equals(e.algorithm());
    }

    /** The file key and the manifest key of a master key: HKDF-SHA256 (RFC 5869) with a distinct label for each. */
    public static Keys split(SecretKey master) {
        byte[] ikm = master.getEncoded();
        try {
            byte[] prk = hmac(new byte[32], ikm);
            return new Keys(new SecretKeySpec(expand(prk, FILE_KEY_LABEL), "AES"),
                    new SecretKeySpec(expand(prk, MAC_KEY_LABEL), "HmacSHA256"));
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /** HKDF-Expand for one block: 32 bytes, all an AES-256 or HMAC-SHA256 key needs. */
    private static byte[] expand(byte[] prk, byte[] label) {
        return hmac(prk, ByteBuffer.allocate(label.length + 1).put(label).put((byte) 1).array());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The manifest's MAC as written into it: {@code hmac-sha256:} and the HMAC-SHA256 of its canonical bytes. */
    public static String manifestMac(SecretKey manifestKey, byte[] canonical) {
        return MAC_PREFIX + Base64.getEncoder().encodeToString(hmac(manifestKey.getEncoded(), canonical));
    }

    /** Whether a MAC read from a manifest is the MAC of these canonical bytes; compared in constant time. */
    public static boolean macMatches(SecretKey manifestKey, byte[] canonical, String mac) {
        if (mac == null) {
            return false;
        }
        byte[] expected = manifestMac(manifestKey, canonical).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * What a format-2 file's chunks are bound to: the backup, the table and the file (whose name starts with its
     * index), each length-prefixed so that no two triples give the same bytes.
     */
    public static byte[] binding(String backupId, String table, String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : List.of(BINDING_LABEL, utf8(backupId), utf8(table), utf8(file))) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The master key of a backup key: PBKDF2 for a passphrase, the bytes themselves for a raw key. */
    public static SecretKey derive(BackupKey key, String saltBase64, int iterations) {
        if (!key.isPassphrase()) {
            byte[] raw = key.rawKeyBytes();
            try {
                return new SecretKeySpec(raw, "AES");
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        char[] passphrase = key.passphraseChars();
        PBEKeySpec spec = new PBEKeySpec(passphrase, Base64.getDecoder().decode(saltBase64), iterations, 256);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The key check of a key, base64: a random nonce and a known text encrypted under the key. */
    public static String keyCheck(SecretKey key) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] ct = c.doFinal(KEY_CHECK_TEXT);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JVM", e);
        }
    }

    /** Whether the key opens the key check. */
    public static boolean opens(SecretKey key, String keyCheck) {
        byte[] all = Base64.getDecoder().decode(keyCheck);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, 12));
            return Arrays.equals(c.doFinal(all, 12, all.length - 12), KEY_CHECK_TEXT);
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM failed: " + e.getMessage(), e);
        }
    }
}
