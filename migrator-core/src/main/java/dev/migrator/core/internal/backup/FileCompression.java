package dev.migrator.core.internal.backup;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import dev.migrator.api.Compression;
import dev.migrator.api.ConfigurationException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The compression of a table file, both ways: its file name suffix, its compressing and decompressing streams. */
final class FileCompression {

    /**
     * zstd's fastest regular level: about as small as gzip level 1 for JSON lines, at several times its speed. Higher
     * levels cost more CPU than they save in disk writes on a backup.
     */
    static final int ZSTD_LEVEL = 1;
    private static final int BUFFER = 1 << 16;

    private FileCompression() {}

    /** The suffix after {@code .jsonl}: {@code .gz}, {@code .zst} or nothing. */
    static String suffix(Compression compression) {
        return switch (compression) {
            case GZIP -> ".gz";
            case ZSTD -> ".zst";
            case NONE -> "";
        };
    }

    /**
     * Fails, before anything is written, when the compression cannot run here: zstd's native library does not load on
     * every platform.
     *
     * @throws ConfigurationException naming the platform and what to choose instead
     */
    static void requireAvailable(Compression compression) {
        if (compression != Compression.ZSTD) {
            return;
        }
        try {
            Native.load();
        } catch (LinkageError | RuntimeException e) {
            throw new ConfigurationException("Compression.ZSTD needs zstd-jni's native library, which does not load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage()
                    + "; zstd backups can be neither written nor read here. Use Compression.GZIP (the default) on this platform.");
        }
    }

    /** Compresses into {@code out}; closing the stream finishes the compressed data and closes {@code out}. */
    static OutputStream compress(Compression compression, OutputStream out) throws IOException {
        return switch (compression) {
            case GZIP -> new GZIPOutputStream(out, BUFFER) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            case ZSTD -> {
                requireAvailable(compression);
                yield new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
            }
            case NONE -> out;
        };
    }

    /** Decompresses {@code in}; closing the stream closes {@code in}. */
    static InputStream decompress(Compression compression, InputStream in) throws IOException {
        return switch (compression) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> {
                requireAvailable(compression);
                // The native stream reads its input in blocks of its own; buffered here so that the JSON parser's
                // small reads do not each cross into native code.
                yield new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), BUFFER);
            }
            case NONE -> in;
        };
    }
}
