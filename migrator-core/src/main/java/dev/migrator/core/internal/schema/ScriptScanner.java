package dev.migrator.core.internal.schema;

import dev.migrator.api.ScriptParseException;
import dev.migrator.api.TransactionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads each script file once at build time for its checksum, its transaction marker and whether it is JSON. Every
 * application start does this for every script, so it is kept cheap: a file of up to {@link #WHOLE_READ_LIMIT} bytes is
 * read with one read into a buffer reused from file to file, checked for ASCII (the common case: no decoding at all),
 * else decoded as strict UTF-8 in one call, and hashed by one reused {@link Checksums.Accumulator}. A larger file is
 * streamed through a reader as before and never held whole. One scanner serves one location's files; not thread-safe.
 */
final class ScriptScanner {

    /** The leading text kept for the transaction marker: the marker is in the comment lines at the top. */
    static final int HEADER_CHARS = 64 * 1024;

    /** Files up to this size are read whole into the reused buffer; larger ones are streamed. */
    private static final int WHOLE_READ_LIMIT = 1024 * 1024;

    private byte[] bytes = new byte[16 * 1024];
    private char[] chars = new char[16 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final Checksums.Accumulator checksum = new Checksums.Accumulator();

    /**
     * What a first read of a script found.
     *
     * @param checksum the checksum, or {@code null} when not asked for
     * @param marker the transaction marker of its leading comment lines
     * @param startsLikeJson whether its first character that is not whitespace opens a JSON array or document
     */
    record Scanned(String checksum, TransactionMode marker, boolean startsLikeJson) {}

    /**
     * Reads a script once.
     *
     * @param withChecksum whether to compute its checksum (an up's; a down has none)
     * @throws ScriptParseException when it cannot be read or is not valid UTF-8
     */
    Scanned scan(ScriptDiscovery.Resource resource, boolean withChecksum) {
        int length;
        try (InputStream in = open(resource)) {
            length = readWhole(in);
        } catch (IOException e) {
            throw cannotRead(resource, e);
        }
        if (length < 0) {
            return streamed(resource, withChecksum);
        }
        int charCount;
        String header;
        if (isAscii(length)) {
            // One byte per character: no decoder, and the compact string copies and inflates at native speed.
            String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            charCount = length;
            ensureChars(charCount);
            text.getChars(0, charCount, chars, 0);
            header = charCount <= HEADER_CHARS ? text : text.substring(0, HEADER_CHARS);
        } else {
            CharBuffer decoded;
            try {
                decoded = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            } catch (CharacterCodingException e) {
                throw notUtf8(resource, e);
            }
            charCount = decoded.remaining();
            ensureChars(charCount);
            decoded.get(chars, 0, charCount);
            header = new String(chars, 0, Math.min(charCount, HEADER_CHARS));
        }
        String hash = null;
        if (withChecksum) {
            checksum.add(chars, 0, charCount);
            hash = checksum.value();
        }
        return scanned(hash, header);
    }

    /** Reads the stream to its end into {@link #bytes}: the length, or -1 when it is longer than the limit. */
    private int readWhole(InputStream in) throws IOException {
        int n = 0;
        while (true) {
            if (n == bytes.length) {
                if (n >= WHOLE_READ_LIMIT) {
                    return in.read() < 0 ? n : -1;
                }
                bytes = Arrays.copyOf(bytes, Math.min(WHOLE_READ_LIMIT, n * 2));
            }
            int read = in.read(bytes, n, bytes.length - n);
            if (read < 0) {
                return n;
            }
            n += read;
        }
    }

    private boolean isAscii(int length) {
        byte[] b = bytes;
        for (int i = 0; i < length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private void ensureChars(int count) {
        if (chars.length < count) {
            chars = new char[Math.max(count, chars.length * 2)];
        }
    }

    /** A file larger than the limit: read as a stream of characters, only its first {@link #HEADER_CHARS} kept. */
    private Scanned streamed(ScriptDiscovery.Resource resource, boolean withChecksum) {
        StringBuilder header = new StringBuilder();
        char[] chunk = new char[8192];
        try (Reader in = resource.text().open()) {
            for (int read; (read = in.read(chunk)) >= 0; ) {
                if (withChecksum) {
                    checksum.add(chunk, 0, read);
                }
                if (header.length() < HEADER_CHARS) {
                    header.append(chunk, 0, Math.min(read, HEADER_CHARS - header.length()));
                }
            }
        } catch (CharacterCodingException e) {
            throw notUtf8(resource, e);
        } catch (IOException e) {
            throw cannotRead(resource, e);
        }
        return scanned(withChecksum ? checksum.value() : null, header.toString());
    }

    private static Scanned scanned(String checksum, String header) {
        String start = header.stripLeading();
        return new Scanned(checksum, TransactionMarkers.modeOf(header), start.startsWith("[") || start.startsWith("{"));
    }

    private static InputStream open(ScriptDiscovery.Resource resource) {
        try {
            return resource.opener().open();
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + ScriptNames.escape(resource.path()) + ": "
                    + e.getMessage() + ". Check that it still exists and is readable.", e);
        }
    }

    private static ScriptParseException notUtf8(ScriptDiscovery.Resource resource, CharacterCodingException e) {
        return new ScriptParseException("Script " + ScriptNames.escape(resource.path()) + " is not valid UTF-8. Save it as UTF-8.", e);
    }

    private static ScriptParseException cannotRead(ScriptDiscovery.Resource resource, IOException e) {
        return new ScriptParseException("Cannot read script " + ScriptNames.escape(resource.path()) + ": " + e.getMessage(), e);
    }
}
