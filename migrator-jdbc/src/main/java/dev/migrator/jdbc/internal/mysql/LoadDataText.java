package dev.migrator.jdbc.internal.mysql;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Rows as {@code LOAD DATA} reads them with {@code CHARACTER SET utf8mb4 FIELDS TERMINATED BY x'09' ESCAPED BY x'5C'
 * LINES TERMINATED BY x'0A'}: UTF-8 text, a tab between fields, a newline after each row, {@code \N} for NULL, and the
 * backslash, tab, newline, carriage return and NUL escaped. Each value is the same text the insert path binds
 * ({@link MysqlData#bindOther} and {@code TableData.bind}), so both paths store the same thing: integers and decimals
 * in full (a decimal's plain digits, never an exponent), dates and times as the server's text in UTC. Binary values
 * are hexadecimal, read into a user variable and stored with {@code UNHEX} (see {@link #viaVariable}), and booleans
 * are {@code 1}/{@code 0} stored through {@code CAST(... AS UNSIGNED)} so that a {@code BIT(1)} column gets the bit,
 * not the character {@code '1'}.
 *
 * <p>A growable byte buffer; not thread-safe. Internal.
 */
final class LoadDataText {

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    LoadDataText(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Whether a column's value travels as text for a user variable, with an expression that stores it (see the class comment). */
    static boolean viaVariable(ColumnInfo column) {
        return column.kind() == ValueKind.BINARY || column.kind() == ValueKind.BOOLEAN;
    }

    /** The expression that stores the user variable {@code variable} into a column for which {@link #viaVariable} holds. */
    static String storedFrom(ColumnInfo column, String variable) {
        return column.kind() == ValueKind.BINARY ? "UNHEX(" + variable + ")" : "CAST(" + variable + " AS UNSIGNED)";
    }

    /** Appends one row: its values in {@code columns}' order, tab-separated, and the newline. */
    void row(Object[] row, List<ColumnInfo> columns) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("A row of " + row.length + " values for " + columns.size() + " columns "
                    + columns.stream().map(ColumnInfo::name).toList() + ".");
        }
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(row[i], columns.get(i));
        }
        put((byte) '\n');
    }

    /** Appends one field (no separator): {@code \N} for null, else the value's text escaped. */
    void value(Object v, ColumnInfo column) {
        if (v == null) {
            put(NULL);
            return;
        }
        ValueKind kind = column.kind();
        switch (kind) {
            case INTEGER -> ascii(Long.toString(((Number) v).longValue()));
            case FLOAT -> ascii(finite(((Number) v).doubleValue(), column));
            case DECIMAL -> ascii(((BigDecimal) v).toPlainString());
            case BOOLEAN -> put((byte) (((Boolean) v) ? '1' : '0'));
            case BINARY -> hex((byte[]) v);
            case TIMESTAMP -> ascii(MysqlData.DATETIME.format((LocalDateTime) v));
            case TIMESTAMP_TZ -> ascii(MysqlData.DATETIME.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime()));
            default -> text(v.toString()); // strings, JSON, UUIDs, dates, the server's text of anything else
        }
    }

    /** Connector/J refuses NaN and infinities as parameters; LOAD DATA would store a 0 with a warning. */
    private static String finite(double d, ColumnInfo column) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("'" + d + "' is not a value MySQL or MariaDB can store in column "
                    + column.name() + " (" + column.type() + ").");
        }
        return Double.toString(d);
    }

    /** UTF-8 with the five escapes; an unpaired surrogate becomes {@code ?}, as {@code String.getBytes} does. */
    void text(String s) {
        int n = s.length();
        ensure(n * 3); // no char takes more: an escape 2 bytes, a BMP char at most 3, a surrogate pair 4 for two chars
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
                    case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
                    case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
                    case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
                    case '\0' -> { b[at++] = '\\'; b[at++] = '0'; }
                    default -> b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[at++] = '?';
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    private void hex(byte[] v) {
        ensure(v.length * 2);
        for (byte x : v) {
            bytes[length++] = HEX[(x >> 4) & 0xF];
            bytes[length++] = HEX[x & 0xF];
        }
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    int length() {
        return length;
    }

    /** Copies up to {@code len} bytes from {@code from} into {@code out}; returns how many. */
    int copy(int from, byte[] out, int off, int len) {
        int n = Math.min(len, length - from);
        System.arraycopy(bytes, from, out, off, n);
        return n;
    }

    void clear() {
        length = 0;
    }

    /** The bytes written so far (a copy), for tests and messages. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
