package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for backup files, streamed in chunks so that memory stays flat (a single GCM message would have to be
 * held whole before its tag can be checked).
 *
 * <p>A file is {@code MGRBENC1}, an 8-byte random prefix, then chunks: a 4-byte length and that many bytes of
 * ciphertext with its 16-byte tag. Chunk {@code i} holds up to 64 KiB of plaintext under the nonce {@code prefix || i}
 * and the additional data {@code i || last}, where {@code last} is 1 only for the final chunk: reordered, dropped or
 * truncated chunks, and a file cut at a chunk boundary, all fail authentication.
 *
 * <p>A passphrase becomes a key with PBKDF2-HMAC-SHA256 (salt and iterations kept in the manifest). A key check (a
 * known text encrypted under the key) lets a wrong key be found before any data is read.
 */
public final class BackupCrypto {

    public static final String ALGORITHM = "AES-256-GCM";
    public static final String PBKDF2 = "PBKDF2-HMAC-SHA256";
    public static final String RAW = "raw";
    public static final int ITERATIONS = 310_000;

    private static final byte[] MAGIC = "MGRBENC1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_CHECK_TEXT = "migrator backup key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCrypto() {}

    /** A fresh random salt, base64. */
    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt);
    }

    /** The AES key of a backup key: PBKDF2 for a passphrase, the bytes themselves for a raw key. */
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

    /** Encrypts everything written to the returned stream into {@code out}; closing it writes the final chunk. */
    public static OutputStream encrypt(OutputStream out, SecretKey key) throws IOException {
        return new EncryptingStream(out, key);
    }

    /** Decrypts a stream written by {@link #encrypt}; a damaged, truncated or wrongly keyed file fails with an IOException. */
    public static InputStream decrypt(InputStream in, SecretKey key) throws IOException {
        return new DecryptingStream(in, key);
    }

    private static byte[] nonce(byte[] prefix, int counter) {
        return ByteBuffer.allocate(12).put(prefix).putInt(counter).array();
    }

    private static byte[] aad(int counter, boolean last) {
        return ByteBuffer.allocate(5).putInt(counter).put((byte) (last ? 1 : 0)).array();
    }

    private static final class EncryptingStream extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] prefix = new byte[8];
        private final byte[] buffer = new byte[CHUNK];
        private final Cipher cipher;
        private int filled;
        private int counter;
        private boolean closed;

        EncryptingStream(OutputStream out, SecretKey key) throws IOException {
            super(out);
            this.key = key;
            RANDOM.nextBytes(prefix);
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES/GCM is missing from this JVM", e);
            }
            out.write(MAGIC);
            out.write(prefix);
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == CHUNK) {
                flushChunk(false);
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK) {
                    flushChunk(false);
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, counter)));
                cipher.updateAAD(aad(counter, last));
                byte[] ct = cipher.doFinal(buffer, 0, filled);
                out.write(ByteBuffer.allocate(4).putInt(ct.length).array());
                out.write(ct);
            } catch (GeneralSecurityException e) {
                throw new IOException("Encryption failed: " + e.getMessage(), e);
            }
            counter++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // chunks are written when full; a partial chunk waits for more data or close()
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            flushChunk(true);
            out.close();
        }
    }

    private static final class DecryptingStream extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private final byte[] prefix = new byte[8];
        private final Cipher cipher;
        private byte[] plain = new byte[0];
        private int pos;
        private int counter;
        private boolean sawLast;

        DecryptingStream(InputStream source, SecretKey key) throws IOException {
            this.in = new DataInputStream(source);
            this.key = key;
            byte[] magic = new byte[MAGIC.length];
            try {
                in.readFully(magic);
                in.readFully(prefix);
            } catch (EOFException e) {
                throw new IOException("the encrypted file is truncated (no header)", e);
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("the file is not a migrator encrypted file (bad header)");
            }
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES/GCM is missing from this JVM", e);
            }
        }

        private boolean nextChunk() throws IOException {
            if (sawLast) {
                return false;
            }
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                throw new IOException("the encrypted file is truncated after chunk " + counter, e);
            }
            if (length < 16 || length > CHUNK + 16) {
                throw new IOException("the encrypted file is damaged: chunk " + counter + " claims " + length + " bytes");
            }
            byte[] ct = new byte[length];
            try {
                in.readFully(ct);
            } catch (EOFException e) {
                throw new IOException("the encrypted file is truncated inside chunk " + counter, e);
            }
            plain = tryDecrypt(ct, false);
            if (plain == null) {
                plain = tryDecrypt(ct, true);
                if (plain == null) {
                    throw new IOException("chunk " + counter + " fails authentication: the file was altered, or the key is wrong");
                }
                sawLast = true;
            }
            pos = 0;
            counter++;
            return true;
        }

        private byte[] tryDecrypt(byte[] ct, boolean last) throws IOException {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, counter)));
                cipher.updateAAD(aad(counter, last));
                return cipher.doFinal(ct);
            } catch (AEADBadTagException e) {
                return null;
            } catch (GeneralSecurityException e) {
                throw new IOException("Decryption failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int read() throws IOException {
            while (pos == plain.length) {
                if (!nextChunk()) {
                    return -1;
                }
            }
            return plain[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == plain.length) {
                if (!nextChunk()) {
                    return -1;
                }
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** For tests: the plaintext of a small encrypted byte array. */
    static byte[] decryptAll(byte[] data, SecretKey key) throws IOException {
        try (InputStream in = decrypt(new java.io.ByteArrayInputStream(data), key)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
