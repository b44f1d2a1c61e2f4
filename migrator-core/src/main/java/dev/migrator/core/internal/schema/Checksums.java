package dev.migrator.core.internal.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Script checksums over normalised text: a BOM, line-ending style (CRLF, CR) and trailing whitespace on each line or
 * at the end do not count; any other change, joining or splitting lines included, does.
 *
 * <p>The algorithm is named and versioned in the history ({@link #ALGORITHM}) so a later library version that
 * normalises differently adds a new name instead of invalidating checksums stored by this one.
 */
public final class Checksums {

    /** The name stored in the history's {@code checksum_algorithm} column. */
    public static final String ALGORITHM = "sha256-normalised-v1";

    private Checksums() {}

    /** Whether checksums of this algorithm can be computed by this library version. */
    public static boolean isKnown(String algorithm) {
        return ALGORITHM.equals(algorithm);
    }

    /** The checksum of a script text, as lowercase hex of SHA-256 over the normalised UTF-8 text. */
    public static String of(String text) {
        Accumulator checksum = new Accumulator();
        checksum.add(text.toCharArray(), 0, text.length());
        return checksum.value();
    }

    /**
     * The checksum of a text read in pieces, equal to {@link #of} of the whole text, in memory bounded by the longest
     * run of whitespace (held until the line shows whether it trails). The normalised text is encoded to UTF-8 straight
     * into a byte buffer that feeds the digest (no intermediate strings); {@link #value()} starts it over, so that one
     * accumulator serves every script of a location. Not thread-safe.
     */
    static final class Accumulator {
        private static final int FLUSH_AT = 8192;

        private final MessageDigest digest = newDigest();
        /** Normalised text, UTF-8 encoded, not yet digested; room for one more code point past {@link #FLUSH_AT}. */
        private final byte[] out = new byte[FLUSH_AT + 8];
        private int outLength;
        /** A high surrogate waiting for the low one that completes its code point, or 0. */
        private char pendingHigh;
        private char[] pendingSpace = new char[64];
        private int pendingSpaceLength;
        private long pendingNewlines;
        private boolean started;
        private boolean afterCr;

        /** Adds the next characters of the text. */
        void add(char[] chars, int offset, int length) {
            for (int k = offset, end = offset + length; k < end; k++) {
                char c = chars[k];
                if (!started) {
                    started = true;
                    if (c == '\uFEFF') {
                        continue;
                    }
                }
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        continue; // CRLF is one line ending
                    }
                }
                if (c == '\r' || c == '\n') {
                    afterCr = c == '\r';
                    pendingSpaceLength = 0; // trailing whitespace of the line
                    pendingNewlines++;
                } else if (Character.isWhitespace(c)) {
                    if (pendingSpaceLength == pendingSpace.length) {
                        pendingSpace = java.util.Arrays.copyOf(pendingSpace, pendingSpaceLength * 2);
                    }
                    pendingSpace[pendingSpaceLength++] = c;
                } else {
                    // Line endings and whitespace count only once something follows them.
                    for (; pendingNewlines > 0; pendingNewlines--) {
                        emit('\n');
                    }
                    for (int s = 0; s < pendingSpaceLength; s++) {
                        emit(pendingSpace[s]);
                    }
                    pendingSpaceLength = 0;
                    emit(c);
                }
            }
        }

        /**
         * Encodes one character of the normalised text as {@link String#getBytes} with UTF-8 would: a surrogate pair as
         * one four-byte code point, a lone surrogate as {@code '?'}.
         */
        private void emit(char c) {
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    int cp = Character.toCodePoint(high, c);
                    out[outLength++] = (byte) (0xF0 | (cp >> 18));
                    out[outLength++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[outLength++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[outLength++] = (byte) (0x80 | (cp & 0x3F));
                    flushIfFull();
                    return;
                }
                out[outLength++] = '?';
            }
            if (c < 0x80) {
                out[outLength++] = (byte) c;
            } else if (c < 0x800) {
                out[outLength++] = (byte) (0xC0 | (c >> 6));
                out[outLength++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                out[outLength++] = '?';
            } else {
                out[outLength++] = (byte) (0xE0 | (c >> 12));
                out[outLength++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[outLength++] = (byte) (0x80 | (c & 0x3F));
            }
            flushIfFull();
        }

        private void flushIfFull() {
            if (outLength >= FLUSH_AT) {
                digest.update(out, 0, outLength);
                outLength = 0;
            }
        }

        /** The checksum of everything added since the last call; the accumulator starts over for the next text. */
        String value() {
            if (pendingHigh != 0) {
                out[outLength++] = '?';
            }
            digest.update(out, 0, outLength);
            String hex = hex(digest.digest());
            outLength = 0;
            pendingHigh = 0;
            pendingSpaceLength = 0;
            pendingNewlines = 0;
            started = false;
            afterCr = false;
            return hex;
        }
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /** Lowercase hex, as {@code HexFormat.of().formatHex} writes it (which a start need not load for 32 bytes). */
    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** The text as it is hashed. */
    static String normalise(String text) {
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        StringBuilder out = new StringBuilder(text.length());
        int lineStart = out.length();
        int n = text.length();
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                trimTrailing(out, lineStart);
                out.append('\n');
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = out.length();
            } else {
                out.append(c);
            }
        }
        trimTrailing(out, lineStart);
        // Trailing empty lines are whitespace too.
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    private static void trimTrailing(StringBuilder out, int lineStart) {
        int end = out.length();
        while (end > lineStart && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        out.setLength(end);
    }

    /** SHA-256 of the text's UTF-8, as {@link #of} computed it before it read text in pieces; kept for tests. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
