package dev.migrator.core.internal.backup;

/**
 * The compact form of JSON text in one pass over its characters, for the common text whose compact form is that text
 * without its whitespace: what {@link RowCodec#writeJson} would write through Jackson (parse, then copy exactly), at a
 * fraction of the cost (it was a fifth of a backup's work in the profile). It answers {@code null} — take Jackson's
 * path — for anything whose compact form Jackson would spell otherwise or refuse: an escape in a string, a control or
 * DEL character, a number with an exponent, a negative zero, a fraction Jackson's {@code BigDecimal} would print with
 * an exponent, a repeated key in an object, deep nesting, and text that is not JSON.
 */
final class CompactJson {

    private static final int MAX_DEPTH = 500;
    private static final int MAX_NUMBER = 500;

    private final String text;
    private final StringBuilder out;
    private int pos;

    private CompactJson(String text, StringBuilder out) {
        this.text = text;
        this.out = out;
    }

    /**
     * Appends the compact form of {@code text} to {@code out} and returns true, or returns false (leaving {@code out}
     * in any state) when Jackson must decide.
     */
    static boolean compact(String text, StringBuilder out) {
        CompactJson c = new CompactJson(text, out);
        c.skipSpace();
        if (!c.value(0)) {
            return false;
        }
        c.skipSpace();
        return c.pos == text.length();
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
                return;
            }
            pos++;
        }
    }

    private boolean value(int depth) {
        if (pos >= text.length()) {
            return false;
        }
        char ch = text.charAt(pos);
        return switch (ch) {
            case '{' -> depth < MAX_DEPTH && object(depth + 1);
            case '[' -> depth < MAX_DEPTH && array(depth + 1);
            case '"' -> string() >= 0;
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean literal(String word) {
        if (!text.startsWith(word, pos)) {
            return false;
        }
        out.append(word);
        pos += word.length();
        return true;
    }

    private boolean array(int depth) {
        out.append('[');
        pos++;
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            out.append(']');
            pos++;
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (pos >= text.length()) {
                return false;
            }
            char ch = text.charAt(pos++);
            if (ch == ']') {
                out.append(']');
                return true;
            }
            if (ch != ',') {
                return false;
            }
            out.append(',');
            skipSpace();
        }
    }

    private boolean object(int depth) {
        out.append('{');
        pos++;
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            out.append('}');
            pos++;
            return true;
        }
        // Where each key of this object starts and ends in the text, to find a repeated one.
        int[] keys = new int[16];
        int count = 0;
        while (true) {
            if (pos >= text.length() || text.charAt(pos) != '"') {
                return false;
            }
            int start = pos + 1;
            int end = string();
            if (end < 0) {
                return false;
            }
            for (int k = 0; k < count; k += 2) {
                if (keys[k + 1] - keys[k] == end - start && text.regionMatches(keys[k], text, start, end - start)) {
                    return false; // a repeated key: the tree keeps the last value, Jackson decides
                }
            }
            if (count == keys.length) {
                if (count >= 256) {
                    return false; // quadratic beyond this: Jackson's path
                }
                keys = java.util.Arrays.copyOf(keys, count * 2);
            }
            keys[count++] = start;
            keys[count++] = end;
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                return false;
            }
            out.append(':');
            pos++;
            skipSpace();
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (pos >= text.length()) {
                return false;
            }
            char ch = text.charAt(pos++);
            if (ch == '}') {
                out.append('}');
                return true;
            }
            if (ch != ',') {
                return false;
            }
            out.append(',');
            skipSpace();
        }
    }

    /** A string without escapes, copied with its quotes; the index of its closing quote, or -1. */
    private int string() {
        int start = pos;
        for (int i = pos + 1; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                out.append(text, start, i + 1);
                pos = i + 1;
                return i;
            }
            if (ch == '\\' || ch < 0x20 || ch == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /** A number Jackson's exact copy writes as it is: no exponent, no negative zero, no fraction it prints as 1E-7. */
    private boolean number() {
        int start = pos;
        int i = pos;
        int n = text.length();
        boolean negative = i < n && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && text.charAt(intStart) == '0')) {
            return false;
        }
        boolean zeroInt = intDigits == 1 && text.charAt(intStart) == '0';
        if (i < n && text.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == fracStart) {
                return false;
            }
            if (zeroInt) {
                int zeros = 0;
                while (fracStart + zeros < i && text.charAt(fracStart + zeros) == '0') {
                    zeros++;
                }
                // BigDecimal prints 0.0000001 as 1E-7 and 0.0000000 as 0E-7, and drops the sign of -0.0.
                boolean allZero = fracStart + zeros == i;
                if (allZero ? (negative || i - fracStart > 6) : zeros > 5) {
                    return false;
                }
            }
        } else if (zeroInt && negative) {
            return false; // -0 is written 0
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            return false;
        }
        if (i - start > MAX_NUMBER) {
            return false;
        }
        out.append(text, start, i);
        pos = i;
        return true;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
