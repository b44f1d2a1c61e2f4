package dev.migrator.core.internal.backup;

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
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The encrypted file format of a backup: AES-256-GCM streamed in chunks so that memory stays flat (a single GCM message
 * would have to be held whole before its tag can be checked).
 *
 * <p>A file is {@code MGRBENC2}, an 8-byte random prefix, then chunks: a 4-byte length and that many bytes of
 * ciphertext with its 16-byte tag. Chunk {@code i} holds up to 64 KiB of plaintext under the nonce {@code prefix || i}
 * and the additional data {@code i || last || binding}, where {@code last} is 1 only for the final chunk and the
 * binding ({@link BackupCrypto#binding}) names the backup id, the table and the file. Format 1 (header
 * {@code MGRBENC1}) had no binding; it is still read. The keys come from {@link BackupCrypto}.
 */
final class EncryptedFile {

    private static final byte[] MAGIC = "MGRBENC2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEGACY_MAGIC = "MGRBENC1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedFile() {}

    /**
     * Encrypts everything written to the returned stream into {@code out} (format 2); closing it writes the final chunk.
     *
     * @param binding see {@link BackupCrypto#binding}
     */
    public static OutputStream encrypt(OutputStream out, SecretKey fileKey, byte[] binding) throws IOException {
        return new EncryptingStream(out, fileKey, binding);
    }

    /**
     * Decrypts a stream written by {@link #encrypt}; a damaged, truncated or wrongly keyed file, or one bound to
     * another backup, table or file, fails with an IOException.
     *
     * @param binding see {@link BackupCrypto#binding}; {@code null} for a file of encryption format 1, which has none
     */
    public static InputStream decrypt(InputStream in, SecretKey key, byte[] binding) throws IOException {
        return new DecryptingStream(in, key, binding);
    }

    private static byte[] nonce(byte[] prefix, int counter) {
        return ByteBuffer.allocate(12).put(prefix).putInt(counter).array();
    }

    /** The additional data of a chunk; format 1 had no binding. */
    private static byte[] aad(int counter, boolean last, byte[] binding) {
        byte[] b = binding == null ? new byte[0] : binding;
        return ByteBuffer.allocate(5 + b.length).putInt(counter).put((byte) (last ? 1 : 0)).put(b).array();
    }

    private static final class EncryptingStream extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] binding;
        private final byte[] prefix = new byte[8];
        private final byte[] buffer = new byte[CHUNK];
        private final Cipher cipher;
        private int filled;
        private int counter;
        private boolean closed;

        EncryptingStream(OutputStream out, SecretKey key, byte[] binding) throws IOException {
            super(out);
            this.key = key;
            this.binding = binding.clone();
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
                cipher.updateAAD(aad(counter, last, binding));
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
        private final byte[] binding;
        private final byte[] prefix = new byte[8];
        private final Cipher cipher;
        private byte[] plain = new byte[0];
        private int pos;
        private int counter;
        private boolean sawLast;

        DecryptingStream(InputStream source, SecretKey key, byte[] binding) throws IOException {
            this.in = new DataInputStream(source);
            this.key = key;
            this.binding = binding == null ? null : binding.clone();
            byte[] magic = new byte[MAGIC.length];
            try {
                in.readFully(magic);
                in.readFully(prefix);
            } catch (EOFException e) {
                throw new IOException("the encrypted file is truncated (no header)", e);
            }
            // The format comes from the (authenticated) manifest, never from the file: a format-1 header in a format-2
            // backup would otherwise skip the binding.
            if (!Arrays.equals(magic, binding == null ? LEGACY_MAGIC : MAGIC)) {
                throw new IOException("the file is not a migrator encrypted file of the format its manifest gives (bad "
                        + "header)");
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
                    throw new IOException("chunk " + counter + " fails authentication: the file was altered, "
                            + (binding == null ? "" : "belongs to another table or backup, ") + "or the key is wrong");
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
                cipher.updateAAD(aad(counter, last, binding));
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
}
