package dev.migrator.core.internal;

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
        return sha256(normalise(text));
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

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
