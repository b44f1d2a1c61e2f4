package dev.migrator.core.internal.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Encodes rows one at a time into a reused buffer: the row's JSON line bytes, for writing and for checksums. */
final class RowEncoder {

    private final RowCodec codec;
    private final Buffer buffer = new Buffer();
    private final JsonGenerator generator;

    RowEncoder(RowCodec codec) {
        this.codec = codec;
        try {
            // No separator before a row: the generator's default puts a space before every value but the first, so
            // a row's bytes (and its checksum) would depend on whether it came first.
            this.generator = RowCodec.JSON.createGenerator(buffer).setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a row; the bytes stay valid until the next call. */
    Buffer encode(Object[] row) throws IOException {
        buffer.size = 0;
        codec.write(generator, row);
        generator.flush();
        return buffer;
    }

    /** A growable byte buffer. */
    static final class Buffer extends OutputStream {
        byte[] bytes = new byte[512];
        int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
