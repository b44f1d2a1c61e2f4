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
     * run of whitespace (held until the line shows whether it trails). Not thread-safe.
     */
    static final class Accumulator {
        private static final int FLUSH_AT = 8192;

        private final MessageDigest digest = newDigest();
        private final StringBuilder out = new StringBuilder(FLUSH_AT + 64);
        private final StringBuilder pendingSpace = new StringBuilder();
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
                    pendingSpace.setLength(0); // trailing whitespace of the line
                    pendingNewlines++;
                } else if (Character.isWhitespace(c)) {
                    pendingSpace.append(c);
                } else {
                    // Line endings and whitespace count only once something follows them.
                    for (; pendingNewlines > 0; pendingNewlines--) {
                        out.append('\n');
                        flushIfFull();
                    }
                    out.append(pendingSpace).append(c);
                    pendingSpace.setLength(0);
                    flushIfFull();
                }
            }
        }

        private void flushIfFull() {
            if (out.length() >= FLUSH_AT) {
                // A surrogate pair is encoded together: keep a trailing high surrogate for the next piece.
                int keep = Character.isHighSurrogate(out.charAt(out.length() - 1)) ? 1 : 0;
                digest.update(out.substring(0, out.length() - keep).getBytes(StandardCharsets.UTF_8));
                out.delete(0, out.length() - keep);
            }
        }

        /** The checksum of everything added; the accumulator is spent. */
        String value() {
            digest.update(out.toString().getBytes(StandardCharsets.UTF_8));
            out.setLength(0);
            return HexFormat.of().formatHex(digest.digest());
        }
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
