package dev.migrator.jdbc.internal;

import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements on {@code ;} (or a MySQL {@code DELIMITER}), skipping delimiters inside
 * comments, strings, quoted identifiers and PostgreSQL dollar-quoted bodies. One pass over the text, no regular
 * expressions: linear in the script's length. Pure and thread-safe.
 *
 * <p>Each statement starts at its first character that is neither whitespace nor part of a comment; its line is that
 * character's line (1-based). Empty and comment-only statements are dropped (except MySQL executable comments
 * {@code /*! ... *}{@code /}, which are statements).
 */
public final class SqlSplitter {

    /** The script syntax. */
    public enum Syntax {
        /** Nested block comments, {@code E'..'} strings, dollar quotes, double-quoted identifiers. */
        POSTGRESQL,
        /** {@code #} comments, backslash escapes, backticks, {@code "..."} strings, {@code DELIMITER}. */
        MYSQL
    }

    private final Syntax syntax;

    /** A splitter for one syntax. */
    public SqlSplitter(Syntax syntax) {
        this.syntax = syntax;
    }

    /**
     * Splits a script.
     *
     * @param text the script
     * @param source the script's name, for messages
     * @throws ScriptParseException naming the source, line and column where an unterminated construct began
     */
    public List<ParsedStatement> split(String text, String source) {
        return new Scan(text, source, syntax == Syntax.POSTGRESQL).run();
    }

    /** Whether a PostgreSQL statement cannot run inside a transaction block. */
    public static boolean requiresNoTransaction(String statement) {
        String[] words = leadingWords(statement, 6);
        if (words[0] == null) {
            return false;
        }
        switch (words[0]) {
            case "VACUUM":
                return true;
            case "CREATE":
                if ("UNIQUE".equals(words[1])) {
                    return "INDEX".equals(words[2]) && "CONCURRENTLY".equals(words[3]);
                }
                return ("INDEX".equals(words[1]) && "CONCURRENTLY".equals(words[2]))
                        || "DATABASE".equals(words[1])
                        || "TABLESPACE".equals(words[1]);
            case "DROP":
                return ("INDEX".equals(words[1]) && "CONCURRENTLY".equals(words[2]))
                        || "DATABASE".equals(words[1])
                        || "TABLESPACE".equals(words[1]);
            case "ALTER":
                return "SYSTEM".equals(words[1]);
            case "REINDEX":
                for (int i = 1; i < words.length && words[i] != null; i++) {
                    if ("CONCURRENTLY".equals(words[i]) || "DATABASE".equals(words[i]) || "SYSTEM".equals(words[i])) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /** Up to {@code max} leading words in upper case, skipping whitespace, comments and parenthesised options. */
    static String[] leadingWords(String s, int max) {
        String[] words = new String[max];
        int count = 0;
        int i = 0;
        int n = s.length();
        int depth = 0;
        while (i < n && count < max) {
            char c = s.charAt(i);
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < n && isIdentPart(s.charAt(i))) {
                    i++;
                }
                if (depth == 0) {
                    words[count++] = s.substring(start, i).toUpperCase(java.util.Locale.ROOT);
                }
            } else if (Character.isWhitespace(c) || depth > 0) {
                i++;
            } else {
                break; // a quoted name or a symbol: the keywords that matter are behind us
            }
        }
        return words;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /** One pass over one script. */
    private static final class Scan {
        private final String text;
        private final String source;
        private final boolean pg;
        private final int n;
        private final List<ParsedStatement> out = new ArrayList<>();
        private int i;
        private int line = 1;
        private int lineStart;
        private String delimiter = ";";
        private int stmtStart = -1;
        private int stmtLine;

        Scan(String text, String source, boolean pg) {
            this.text = text;
            this.source = source;
            this.pg = pg;
            this.n = text.length();
        }

        List<ParsedStatement> run() {
            char delim0 = ';';
            boolean singleCharDelimiter = true;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    newLine(i);
                    i++;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r' || Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (singleCharDelimiter ? c == delim0 : text.startsWith(delimiter, i)) {
                    emit(i);
                    i += delimiter.length();
                    continue;
                }
                if (!pg && stmtStart < 0 && (c == 'D' || c == 'd') && startsWithWord(i, "DELIMITER")) {
                    readDelimiterCommand();
                    singleCharDelimiter = delimiter.length() == 1;
                    delim0 = delimiter.charAt(0);
                    continue;
                }
                char next = i + 1 < n ? text.charAt(i + 1) : '\0';
                if (c == '-' && next == '-' && (pg || i + 2 >= n || isMysqlDashSpace(text.charAt(i + 2)))) {
                    skipToEndOfLine();
                    continue;
                }
                if (c == '#' && !pg) {
                    skipToEndOfLine();
                    continue;
                }
                if (c == '/' && next == '*') {
                    boolean executable = !pg && i + 2 < n && (text.charAt(i + 2) == '!' || text.charAt(i + 2) == '+');
                    if (executable) {
                        markStart();
                    }
                    skipBlockComment();
                    continue;
                }
                markStart();
                if (c == '\'') {
                    boolean backslashes = !pg || isEscapeStringPrefix(i);
                    skipQuoted('\'', backslashes, "string");
                } else if (c == '"') {
                    skipQuoted('"', !pg, pg ? "quoted identifier" : "string");
                } else if (c == '`' && !pg) {
                    skipQuoted('`', false, "quoted identifier");
                } else if (c == '$' && pg && (i == 0 || !isIdentPart(text.charAt(i - 1)))) {
                    skipDollarQuoted();
                } else if (isIdentStart(c)) {
                    // Skip the whole word so that a '$' or 'E' inside it is not mistaken for a quote.
                    i++;
                    while (i < n && isIdentPart(text.charAt(i))) {
                        i++;
                    }
                } else {
                    i++;
                }
            }
            emit(n);
            return out;
        }

        private void newLine(int at) {
            line++;
            lineStart = at + 1;
        }

        private void markStart() {
            if (stmtStart < 0) {
                stmtStart = i;
                stmtLine = line;
            }
        }

        private void emit(int end) {
            if (stmtStart < 0) {
                return;
            }
            int e = end;
            while (e > stmtStart && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            String statement = text.substring(stmtStart, e);
            out.add(new ParsedStatement(statement, stmtLine, pg && requiresNoTransaction(statement)));
            stmtStart = -1;
        }

        private boolean isEscapeStringPrefix(int quote) {
            if (quote == 0) {
                return false;
            }
            char p = text.charAt(quote - 1);
            if (p != 'E' && p != 'e') {
                return false;
            }
            return quote - 1 == 0 || !isIdentPart(text.charAt(quote - 2));
        }

        private static boolean isMysqlDashSpace(char c) {
            // MySQL needs whitespace or a control character after "--" for a comment ("5--3" is arithmetic).
            return c <= ' ';
        }

        private boolean startsWithWord(int at, String word) {
            if (!text.regionMatches(true, at, word, 0, word.length())) {
                return false;
            }
            int after = at + word.length();
            return after >= n || Character.isWhitespace(text.charAt(after));
        }

        private void readDelimiterCommand() {
            int startLine = line;
            int startColumn = i - lineStart + 1;
            int eol = text.indexOf('\n', i);
            if (eol < 0) {
                eol = n;
            }
            String value = text.substring(i + "DELIMITER".length(), eol).strip();
            int space = 0;
            while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
                space++;
            }
            value = value.substring(0, space);
            if (value.isEmpty()) {
                throw new ScriptParseException("DELIMITER without a value in " + source + " at line " + startLine
                        + ", column " + startColumn + ". Write e.g. DELIMITER // before a procedure and DELIMITER ;"
                        + " after it.");
            }
            delimiter = value;
            i = eol;
        }

        private void skipToEndOfLine() {
            int eol = text.indexOf('\n', i);
            i = eol < 0 ? n : eol; // the newline itself is counted by the main loop
        }

        private void skipBlockComment() {
            int startLine = line;
            int startColumn = i - lineStart + 1;
            int depth = 1;
            i += 2;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    newLine(i);
                    i++;
                } else if (c == '*' && i + 1 < n && text.charAt(i + 1) == '/') {
                    i += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else if (pg && c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                    depth++;
                    i += 2;
                } else {
                    i++;
                }
            }
            throw unterminated("block comment", startLine, startColumn, "Close it with */"
                    + (pg ? " (PostgreSQL block comments nest: every /* needs its own */)." : "."));
        }

        private void skipQuoted(char quote, boolean backslashes, String what) {
            int startLine = line;
            int startColumn = i - lineStart + 1;
            i++;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    newLine(i);
                    i++;
                } else if (backslashes && c == '\\') {
                    if (i + 1 < n && text.charAt(i + 1) == '\n') {
                        newLine(i + 1);
                    }
                    i += 2;
                } else if (c == quote) {
                    if (i + 1 < n && text.charAt(i + 1) == quote) {
                        i += 2; // doubled quote: an escaped quote
                    } else {
                        i++;
                        return;
                    }
                } else {
                    i++;
                }
            }
            throw unterminated(what, startLine, startColumn, "Close it with " + quote + " (write " + quote + quote
                    + " for a " + quote + " inside it).");
        }

        private void skipDollarQuoted() {
            int j = i + 1;
            if (j < n && text.charAt(j) != '$') {
                if (!isIdentStart(text.charAt(j)) || text.charAt(j) == '$') {
                    i++; // $1, $x without a closing $: a parameter or an operator, not a quote
                    return;
                }
                while (j < n && isIdentPart(text.charAt(j)) && text.charAt(j) != '$') {
                    j++;
                }
                if (j >= n || text.charAt(j) != '$') {
                    i = j;
                    return;
                }
            } else if (j >= n) {
                i++;
                return;
            }
            String tag = text.substring(i, j + 1);
            int startLine = line;
            int startColumn = i - lineStart + 1;
            int bodyStart = j + 1;
            int close = text.indexOf(tag, bodyStart);
            if (close < 0) {
                throw unterminated("dollar-quoted body " + tag, startLine, startColumn, "Close it with " + tag + ".");
            }
            for (int k = bodyStart; k < close; k++) {
                if (text.charAt(k) == '\n') {
                    newLine(k);
                }
            }
            i = close + tag.length();
        }

        private ScriptParseException unterminated(String what, int startLine, int startColumn, String hint) {
            return new ScriptParseException("Unterminated " + what + " in " + source + " starting at line " + startLine
                    + ", column " + startColumn + ". " + hint);
        }
    }
}
