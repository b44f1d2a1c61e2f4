package dev.migrator.core.internal.schema;

import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ScriptSyntax;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Substitutes placeholders in script text as it is read, before the backend splits it:
 *
 * <ul>
 *   <li>{@code ${literal:name}}: the value as a string literal of the backend's language (an SQL string, a JSON
 *       string on MongoDB), quoted and escaped by the backend, so no value can end the string;
 *   <li>{@code ${identifier:name}}: the value checked as a name and quoted as one;
 *   <li>{@code ${name}}: the value pasted as it is, refused when it holds what could end a statement or open a
 *       comment ({@link ScriptSyntax#rawHazard}); for the built-in {@code schema}, {@code connection},
 *       {@code historyTable} and {@code environment}, which are checked identifiers, and for values known to be plain;
 *   <li>{@code ${raw:name}}: the value pasted unchecked, for a trusted value meant as script text.
 * </ul>
 *
 * <p>An unknown placeholder is an error, never left in silently; <code>${</code> followed by anything else (another
 * prefix, no closing brace) is kept as text. A NUL character, in the text or in a value, is refused: no database
 * accepts it in script text and PostgreSQL drops the connection over it. Errors name the script, line and column.
 */
public final class Placeholders {

    /** The longest name ({@code isKey}) with the longest prefix and its colon. */
    private static final int MAX_TOKEN = "identifier:".length() + 100;

    private Placeholders() {}

    /**
     * The whole text with every placeholder substituted.
     *
     * @param label the script, for messages, e.g. {@code V1__init (db/V1__init.sql)}
     * @throws ScriptParseException naming the script, line, column and placeholder when a value is missing or refused,
     *     or the text holds a NUL character
     */
    public static String substitute(String text, Map<String, String> values, ScriptSyntax syntax, String label) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        char[] chunk = new char[8192];
        try (Reader in = reader(new StringReader(text), values, syntax, label, null)) {
            for (int read; (read = in.read(chunk)) >= 0; ) {
                out.append(chunk, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string cannot fail to read
        }
        return out.toString();
    }

    /**
     * A reader of the script with its placeholders substituted, holding a few kilobytes whatever the script's size.
     * Its {@code read} methods throw {@link ScriptParseException} for the errors of {@link #substitute}, for text that
     * is not valid UTF-8, and at the end when {@code checksum} is given and the text read no longer has it (the file was
     * edited since the manager was built).
     *
     * @param checksum the checksum the original text must have, or {@code null} to skip the check
     */
    static Reader reader(Reader script, Map<String, String> values, ScriptSyntax syntax, String label, String checksum) {
        return new Substitution(script, values, syntax, label, checksum);
    }

    /** How a placeholder's value is written. */
    private enum Form {
        CHECKED,
        RAW,
        LITERAL,
        IDENTIFIER
    }

    private static final class Substitution extends Reader {
        private final Reader in;
        private final Map<String, String> values;
        private final ScriptSyntax syntax;
        private final String label;
        private final String expectedChecksum;
        private final Checksums.Accumulator checksum;
        /** Each placeholder's text once computed: a script repeats the same few many times. */
        private final Map<String, String> replacements = new HashMap<>();
        private final char[] buf = new char[8192];
        private int pos;
        private int lim;
        private boolean eof;
        private boolean finished;
        private String pending;
        private int pendingPos;
        /** Offset of {@code buf[0]} in the script, and of the current line's first character. */
        private long base;
        private long lineStart;
        private int line = 1;

        Substitution(Reader in, Map<String, String> values, ScriptSyntax syntax, String label, String expectedChecksum) {
            this.in = in;
            this.values = values;
            this.syntax = syntax;
            this.label = label;
            this.expectedChecksum = expectedChecksum;
            this.checksum = expectedChecksum == null ? null : new Checksums.Accumulator();
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                if (pending != null) {
                    int k = Math.min(len - n, pending.length() - pendingPos);
                    pending.getChars(pendingPos, pendingPos + k, cbuf, off + n);
                    pendingPos += k;
                    n += k;
                    if (pendingPos == pending.length()) {
                        pending = null;
                    }
                    continue;
                }
                if (pos == lim && !fill(1)) {
                    break;
                }
                char c = buf[pos];
                if (c == '$' && placeholder()) {
                    continue;
                }
                if (c == '\0') {
                    throw new ScriptParseException("Script " + label + " line " + line + ", column " + column(pos)
                            + " holds a NUL character (\\u0000), which no database accepts in script text. Remove it; to"
                            + " store a zero byte, write an escape such as decode('00', 'hex') on PostgreSQL or X'00' on"
                            + " MySQL.");
                }
                // Copy the run of plain characters up to the next '$' or NUL at once.
                int start = pos;
                int end = Math.min(lim, pos + (len - n));
                pos++;
                if (c == '\n') {
                    newLine(start);
                }
                while (pos < end) {
                    char d = buf[pos];
                    if (d == '$' || d == '\0') {
                        break;
                    }
                    if (d == '\n') {
                        newLine(pos);
                    }
                    pos++;
                }
                System.arraycopy(buf, start, cbuf, off + n, pos - start);
                consumed(start, pos);
                n += pos - start;
            }
            if (n == 0 && len > 0) {
                finish();
                return -1;
            }
            return n;
        }

        private void newLine(int at) {
            line++;
            lineStart = base + at + 1;
        }

        private int column(int at) {
            return (int) (base + at - lineStart + 1);
        }

        private void consumed(int from, int to) {
            if (checksum != null) {
                checksum.add(buf, from, to - from);
            }
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (checksum != null) {
                String now = checksum.value();
                if (!now.equals(expectedChecksum)) {
                    throw new ScriptParseException("Script " + label + " changed since the manager was built: its checksum"
                            + " was " + expectedChecksum + " and is now " + now + ". Build the manager again (restart the"
                            + " application) to apply the new text, and do not edit scripts while they run.");
                }
            }
        }

        /** Ensures {@code count} characters from {@code pos} are in the buffer, or all that are left. */
        private boolean fill(int count) throws IOException {
            if (lim - pos >= count) {
                return true;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                base += pos;
                pos = 0;
            }
            while (!eof && lim < count) {
                int read;
                try {
                    read = in.read(buf, lim, buf.length - lim);
                } catch (CharacterCodingException e) {
                    throw new ScriptParseException("Script " + label + " is not valid UTF-8 (at line " + line
                            + " or the next). Save it as UTF-8.", e);
                } catch (IOException e) {
                    throw new ScriptParseException("Cannot read script " + label + " after line " + line + ": "
                            + e.getMessage() + ". Check that it still exists and is readable.", e);
                }
                if (read < 0) {
                    eof = true;
                } else {
                    lim += read;
                }
            }
            return lim - pos >= Math.min(count, 1);
        }

        /** At a '$': substitutes the placeholder that starts here, or returns false to keep the text as it is. */
        private boolean placeholder() throws IOException {
            fill(MAX_TOKEN + 3);
            if (pos + 1 >= lim || buf[pos + 1] != '{') {
                return false;
            }
            int close = -1;
            for (int k = pos + 2, end = Math.min(lim, pos + 3 + MAX_TOKEN); k < end; k++) {
                if (buf[k] == '}') {
                    close = k;
                    break;
                }
            }
            if (close < 0) {
                return false;
            }
            String token = new String(buf, pos + 2, close - pos - 2);
            String replacement = replacements.get(token);
            if (replacement == null) {
                replacement = replacement(token, column(pos));
                if (replacement == null) {
                    return false; // not a placeholder, e.g. "${" inside a string: kept, and scanning goes on after '$'
                }
                replacements.put(token, replacement);
            }
            // A placeholder holds no line break (isKey), so the line stays.
            consumed(pos, close + 1);
            pos = close + 1;
            pending = replacement;
            pendingPos = 0;
            return true;
        }

        private String replacement(String token, int column) {
            int colon = token.indexOf(':');
            Form form = colon < 0 ? Form.CHECKED : switch (token.substring(0, colon)) {
                case "raw" -> Form.RAW;
                case "literal" -> Form.LITERAL;
                case "identifier" -> Form.IDENTIFIER;
                default -> null;
            };
            String key = token.substring(colon + 1);
            if (form == null || !isKey(key)) {
                return null;
            }
            String where = "Script " + label + " line " + line + ", column " + column + ": ";
            String value = values.get(key);
            if (value == null) {
                throw new ScriptParseException(where + "no value for placeholder ${" + token + "}. Known: "
                        + values.keySet().stream().sorted().toList() + ". Define it with placeholder(\"" + key
                        + "\", value) or under 'placeholders' in the configuration file.");
            }
            if (value.indexOf('\0') >= 0) {
                throw new ScriptParseException(where + "the value of placeholder ${" + token + "} holds a NUL character"
                        + " (\\u0000), which no database accepts in script text. Remove it from the value.");
            }
            return switch (form) {
                case RAW -> value;
                case LITERAL -> syntax.literal(value);
                case IDENTIFIER -> identifier(value, token, where);
                case CHECKED -> checked(value, key, where);
            };
        }

        private String identifier(String value, String token, String where) {
            try {
                return syntax.identifier(value);
            } catch (InvalidIdentifierException e) {
                throw new ScriptParseException(where + "the value of placeholder ${" + token + "} is not a valid name: "
                        + e.getMessage(), e);
            }
        }

        private String checked(String value, String key, String where) {
            Optional<String> hazard = syntax.rawHazard(value);
            if (hazard.isPresent()) {
                // The value itself is not shown: placeholders may hold secrets.
                throw new ScriptParseException(where + "the value of placeholder ${" + key + "} contains " + hazard.get()
                        + ", so pasted into the script it could run statements of its own. Write ${literal:" + key
                        + "} to insert it as a string literal or ${identifier:" + key + "} as a quoted name; write ${raw:"
                        + key + "} only for a trusted value meant as script text.");
            }
            return value;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static boolean isKey(String key) {
        if (key.isEmpty() || key.length() > 100) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
