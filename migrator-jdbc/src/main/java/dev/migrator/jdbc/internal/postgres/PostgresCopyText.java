package dev.migrator.jdbc.internal.postgres;

import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
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
