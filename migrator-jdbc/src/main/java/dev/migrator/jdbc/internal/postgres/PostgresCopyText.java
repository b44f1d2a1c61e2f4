package dev.migrator.jdbc.internal.postgres;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * PostgreSQL's text forms: values in COPY's text format (with its escapes), array literals, key literals for statements
 * that bind no parameters, and a query wrapped to skip rows on the server.
 */
final class PostgresCopyText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PostgresCopyText() {}

    /** One value in COPY's text format. */
    static void copyValue(StringBuilder out, Object v, ValueKind kind, ValueKind elementKind) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        switch (kind) {
            case BOOLEAN -> out.append((Boolean) v ? 't' : 'f');
            case INTEGER, FLOAT -> {
                if (v instanceof Long l) {
                    out.append(l.longValue()); // no String per value
                } else {
                    out.append(v);
                }
            }
            case DECIMAL -> out.append(((BigDecimal) v).toPlainString());
            case BINARY -> {
                byte[] b = (byte[]) v;
                out.append("\\\\x");
                for (byte x : b) {
                    out.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                }
            }
            case ARRAY -> escape(out, arrayLiteral((List<?>) v, elementKind));
            default -> escape(out, v.toString());
        }
    }

    /**
     * Rows in COPY's text format written straight into UTF-8 bytes: no {@code String} per row, and none per value for
     * text, integers and timestamps (the bulk of a row). Writes the same text as {@link #copyValue} (timestamps with
     * their seconds always written, which PostgreSQL reads the same). Reused across rows; confined to one thread.
     */
    static final class RowBytes {

        private byte[] buf = new byte[1 << 16];
        private int len;

        /** The bytes written so far. */
        byte[] bytes() {
            return buf;
        }

        /** How many bytes are written. */
        int length() {
            return len;
        }

        /** Forgets the bytes written, keeping the buffer. */
        void clear() {
            len = 0;
        }

        /** One row: its values, tab-separated, and the newline. */
        void row(Object[] row, List<ColumnInfo> columns) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    put((byte) '\t');
                }
                ColumnInfo c = columns.get(i);
                value(row[i], c.kind(), c.elementKind());
            }
            put((byte) '\n');
        }

        private void value(Object v, ValueKind kind, ValueKind elementKind) {
            if (v == null) {
                put((byte) '\\');
                put((byte) 'N');
                return;
            }
            switch (kind) {
                case BOOLEAN -> put((Boolean) v ? (byte) 't' : (byte) 'f');
                case INTEGER, FLOAT -> {
                    if (v instanceof Long l) {
                        digits(l);
                    } else {
                        ascii(v.toString());
                    }
                }
                case DECIMAL -> ascii(((BigDecimal) v).toPlainString());
                case BINARY -> {
                    byte[] b = (byte[]) v;
                    ensure(3 + 2 * b.length);
                    buf[len++] = '\\';
                    buf[len++] = '\\';
                    buf[len++] = 'x';
                    for (byte x : b) {
                        buf[len++] = (byte) HEX[(x >> 4) & 0xf];
                        buf[len++] = (byte) HEX[x & 0xf];
                    }
                }
                case ARRAY -> text(arrayLiteral((List<?>) v, elementKind));
                default -> {
                    if (v instanceof String s) {
                        text(s);
                    } else if (v instanceof OffsetDateTime t && t.getYear() >= 0 && t.getYear() <= 9999) {
                        dateTime(t.toLocalDateTime());
                        ascii(t.getOffset().getId());
                    } else if (v instanceof LocalDateTime t && t.getYear() >= 0 && t.getYear() <= 9999) {
                        dateTime(t);
                    } else {
                        text(v.toString());
                    }
                }
            }
        }

        /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]}, the fraction without trailing zeros. */
        private void dateTime(LocalDateTime t) {
            ensure(29);
            fixed(t.getYear(), 4);
            buf[len++] = '-';
            fixed(t.getMonthValue(), 2);
            buf[len++] = '-';
            fixed(t.getDayOfMonth(), 2);
            buf[len++] = 'T';
            fixed(t.getHour(), 2);
            buf[len++] = ':';
            fixed(t.getMinute(), 2);
            buf[len++] = ':';
            fixed(t.getSecond(), 2);
            int nano = t.getNano();
            if (nano != 0) {
                int digits = 9;
                while (nano % 10 == 0) {
                    nano /= 10;
                    digits--;
                }
                buf[len++] = '.';
                fixed(nano, digits);
            }
        }

        /** A non-negative number in exactly {@code width} digits, zeros first; the room is ensured. */
        private void fixed(int value, int width) {
            for (int i = len + width - 1; i >= len; i--) {
                buf[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            len += width;
        }

        private void digits(long value) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            ensure(20);
            if (value < 0) {
                buf[len++] = '-';
                value = -value;
            }
            int n = 1;
            for (long x = value; x >= 10; x /= 10) {
                n++;
            }
            for (int i = len + n - 1; i >= len; i--) {
                buf[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            len += n;
        }

        /** Text known to hold only ASCII characters that COPY needs no escape for (digits, signs, points, zones). */
        private void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
        }

        /** Text with COPY's escapes, encoded as UTF-8 (an unpaired surrogate as '?', as {@code String.getBytes}). */
        private void text(String s) {
            int n = s.length();
            ensure(2 * n);
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch < 0x80) {
                    switch (ch) {
                        case '\\' -> {
                            buf[len++] = '\\';
                            buf[len++] = '\\';
                        }
                        case '\n' -> {
                            buf[len++] = '\\';
                            buf[len++] = 'n';
                        }
                        case '\r' -> {
                            buf[len++] = '\\';
                            buf[len++] = 'r';
                        }
                        case '\t' -> {
                            buf[len++] = '\\';
                            buf[len++] = 't';
                        }
                        default -> buf[len++] = (byte) ch;
                    }
                    continue;
                }
                // Up to 3 bytes for this character, with the rest's 2 per character still ensured.
                ensure(2 * (n - i) + 2);
                if (ch < 0x800) {
                    buf[len++] = (byte) (0xc0 | (ch >> 6));
                    buf[len++] = (byte) (0x80 | (ch & 0x3f));
                } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, s.charAt(++i));
                    buf[len++] = (byte) (0xf0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[len++] = (byte) (0x80 | (cp & 0x3f));
                } else if (Character.isSurrogate(ch)) {
                    buf[len++] = '?';
                } else {
                    buf[len++] = (byte) (0xe0 | (ch >> 12));
                    buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3f));
                    buf[len++] = (byte) (0x80 | (ch & 0x3f));
                }
            }
        }

        private void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }
    }

    static String arrayLiteral(List<?> values, ValueKind kind) {
        StringBuilder a = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                a.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                a.append("NULL");
                continue;
            }
            String text = switch (kind) {
                case BOOLEAN -> (Boolean) v ? "t" : "f";
                case DECIMAL -> ((BigDecimal) v).toPlainString();
                case BINARY -> {
                    StringBuilder h = new StringBuilder("\\x");
                    for (byte x : (byte[]) v) {
                        h.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                    }
                    yield h.toString();
                }
                default -> v.toString();
            };
            a.append('"');
            for (int j = 0; j < text.length(); j++) {
                char ch = text.charAt(j);
                if (ch == '"' || ch == '\\') {
                    a.append('\\');
                }
                a.append(ch);
            }
            a.append('"');
        }
        return a.append('}').toString();
    }

    private static void escape(StringBuilder out, String s) {
        int n = s.length();
        int first = 0;
        while (first < n) {
            char ch = s.charAt(first);
            if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t') {
                break;
            }
            first++;
        }
        // Most values need no escape: one bulk append instead of a switch per character.
        out.append(s, 0, first);
        for (int i = first; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
    }

    /** A key value as an SQL literal of its kind, or {@code null} when it cannot be written safely. */
    static String literal(Object v, ValueKind kind) {
        switch (kind) {
            case INTEGER -> {
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                        || v instanceof java.math.BigInteger) {
                    return v.toString(); // digits and a sign only
                }
                return null;
            }
            case UUID -> {
                UUID u = v instanceof UUID x ? x : v instanceof String t ? parseUuid(t) : null;
                return u == null ? null : "'" + u + "'::uuid";
            }
            case STRING -> {
                if (!(v instanceof String t) || t.indexOf('\0') >= 0) {
                    return null;
                }
                return PostgresDialect.stringLiteral(t);
            }
            default -> {
                return null;
            }
        }
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code SELECT * FROM (query) OFFSET n}, or {@code null} when the query is not one plain SELECT. */
    static String offsetQuery(String query, long skip) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        String head = q.toLowerCase(Locale.ROOT);
        boolean select = head.startsWith("select") || head.startsWith("with") || head.startsWith("values")
                || head.startsWith("table");
        if (!select || q.indexOf(';') >= 0) {
            return null; // several statements, or a ';' inside a literal: not worth parsing, skip on the client
        }
        // The newline ends a trailing "-- comment" inside the query before the closing parenthesis.
        return "SELECT * FROM (" + q + "\n) AS migrator_query OFFSET " + skip;
    }
}
