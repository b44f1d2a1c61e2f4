package dev.migrator.jdbc.internal;

import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * One concept, the lexer of SQL scripts, kept whole although it is over 400 lines: its scan is one state machine over
 * the text whose states (strings, comments, quotes, dollar quotes, delimiters) only make sense together.
 *
 * <p>Splits a SQL script into statements on {@code ;} (or a MySQL {@code DELIMITER}), skipping delimiters inside
 * comments, strings, quoted identifiers and PostgreSQL dollar-quoted bodies. One pass over the text, no regular
 * expressions: linear in the script's length. Pure and thread-safe.
 *
 * <p>{@link #statements} reads a script as it goes: it holds the statement being read and a small buffer, never the
 * whole script, so a script far larger than the heap splits in constant memory (a single statement still has to fit).
 *
 * <p>Each statement starts at its first character that is neither whitespace nor part of a comment; its line is that
 * character's line (1-based). Empty and comment-only statements are dropped (except MySQL executable comments
 * {@code /*! ... *}{@code /}, which are statements).
 *
 * <p>In MySQL syntax, while the delimiter is {@code ;}, a {@code ;} inside the compound statement of a routine,
 * trigger or event body, or of a MariaDB anonymous block ({@code BEGIN NOT ATOMIC ... END}), does not end the
 * statement: such scripts need no {@code DELIMITER} lines (see {@link MysqlBlocks}). Under a {@code DELIMITER} other
 * than {@code ;} only that delimiter splits, as before. A script that ends inside such a block throws a
 * {@link ScriptParseException} naming the block's line and column, like an unterminated string, rather than sending
 * the rest of the script as one statement: the server's syntax error would point at the end of the text, not at the
 * {@code BEGIN} or {@code IF} left open.
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
     * @throws ScriptParseException naming the source, line and column where an unterminated construct began (a string,
     *     a comment, a dollar quote, or in MySQL syntax a compound statement's BEGIN, IF, CASE, LOOP... left open)
     */
    public List<ParsedStatement> split(String text, String source) {
        List<ParsedStatement> out = new ArrayList<>();
        statements(new StringReader(text), source).forEachRemaining(out::add);
        return out;
    }

    /**
     * Splits a script as it is read, statement by statement; see {@link dev.migrator.spi.Backend#parse}.
     *
     * @param script the script; the caller closes it
     * @param source the script's name, for messages
     * @throws ScriptParseException from the iterator, as {@link #split} throws it, when the statement is reached
     */
    public Iterator<ParsedStatement> statements(Reader script, String source) {
        return new Scan(script, source, syntax == Syntax.POSTGRESQL);
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

    /**
     * One pass over one script, pulled a statement at a time. Positions are offsets in the whole script ({@code long}:
     * a script may exceed 2 GB); {@code buf} holds the characters from {@code base} on.
     */
    private static final class Scan implements Iterator<ParsedStatement> {
        private static final int INITIAL_BUFFER = 8192;
        /** The longest keyword {@link MysqlBlocks} looks at: DETERMINISTIC. */
        private static final int MAX_KEYWORD = 13;

        private final Reader in;
        private final String source;
        private final boolean pg;
        /** MySQL only: the compound statements of the current statement. */
        private final MysqlBlocks blocks;
        private char[] buf = new char[INITIAL_BUFFER];
        private long base;
        private int filled;
        private boolean eof;
        private long i;
        private int line = 1;
        private long lineStart;
        private String delimiter = ";";
        private char delim0 = ';';
        private boolean singleCharDelimiter = true;
        private long stmtStart = -1;
        private int stmtLine;
        private ParsedStatement ready;
        private boolean finished;

        Scan(Reader in, String source, boolean pg) {
            this.in = in;
            this.source = source;
            this.pg = pg;
            this.blocks = pg ? null : new MysqlBlocks();
        }

        @Override
        public boolean hasNext() {
            while (ready == null && !finished) {
                if (!has(i)) {
                    if (tracksBlocks() && blocks.insideBlock()) {
                        throw blocks.unclosed(source);
                    }
                    emit(i);
                    finished = true;
                } else {
                    step();
                }
            }
            return ready != null;
        }

        @Override
        public ParsedStatement next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no statement after line " + line + " of " + source);
            }
            ParsedStatement statement = ready;
            ready = null;
            return statement;
        }

        private boolean has(long p) {
            return p - base < filled || fill(p);
        }

        private char at(long p) {
            return buf[(int) (p - base)];
        }

        private boolean fill(long p) {
            while (p - base >= filled) {
                if (eof) {
                    return false;
                }
                if (filled == buf.length) {
                    makeRoom();
                }
                int read;
                try {
                    read = in.read(buf, filled, buf.length - filled);
                } catch (IOException e) {
                    throw new ScriptParseException("Cannot read " + source + " after line " + line + ": " + e.getMessage()
                            + ". Check that the script is readable.", e);
                }
                if (read < 0) {
                    eof = true;
                    return false;
                }
                filled += read;
            }
            return true;
        }

        /**
         * Drops what nothing needs any more: text before the current statement (or before the scan position between
         * statements), less the two characters a quote looks back at. Grows the buffer only for a statement that does
         * not fit, and shrinks it again after one.
         */
        private void makeRoom() {
            long keepFrom = (stmtStart >= 0 ? Math.min(stmtStart, i) : i) - 2;
            int drop = (int) Math.max(0, Math.min(keepFrom - base, filled));
            if (drop > 0) {
                System.arraycopy(buf, drop, buf, 0, filled - drop);
                filled -= drop;
                base += drop;
            }
            if (filled > buf.length - buf.length / 4) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            } else if (buf.length > INITIAL_BUFFER && filled < buf.length / 4) {
                buf = Arrays.copyOf(buf, Math.max(INITIAL_BUFFER, buf.length / 2));
            }
        }

        private String text(long from, long to) {
            return new String(buf, (int) (from - base), (int) (to - from));
        }

        private int column(long at) {
            return (int) (at - lineStart + 1);
        }

        private void step() {
            char c = at(i);
            if (c == '\n') {
                newLine(i);
                i++;
                return;
            }
            if (c == ' ' || c == '\t' || c == '\r' || Character.isWhitespace(c)) {
                i++;
                return;
            }
            if (singleCharDelimiter ? c == delim0 : startsWith(i, delimiter)) {
                if (tracksBlocks() && blocks.insideBlock()) {
                    blocks.innerSemicolon(); // a statement of a compound body: the CREATE goes on
                    i++;
                    return;
                }
                emit(i);
                i += delimiter.length();
                return;
            }
            if (!pg && stmtStart < 0 && (c == 'D' || c == 'd') && startsWithWord(i, "DELIMITER")) {
                readDelimiterCommand();
                singleCharDelimiter = delimiter.length() == 1;
                delim0 = delimiter.charAt(0);
                return;
            }
            char next = has(i + 1) ? at(i + 1) : '\0';
            if (c == '-' && next == '-' && (pg || !has(i + 2) || isMysqlDashSpace(at(i + 2)))) {
                skipToEndOfLine();
                return;
            }
            if (c == '#' && !pg) {
                skipToEndOfLine();
                return;
            }
            if (c == '/' && next == '*') {
                boolean executable = !pg && has(i + 2) && (at(i + 2) == '!' || at(i + 2) == '+');
                if (executable) {
                    markStart();
                }
                skipBlockComment();
                return;
            }
            markStart();
            boolean blocksFollow = tracksBlocks() && blocks.tracksWords();
            if (c == '\'') {
                boolean backslashes = !pg || isEscapeStringPrefix(i);
                skipQuoted('\'', backslashes, "string");
            } else if (c == '"') {
                skipQuoted('"', !pg, pg ? "quoted identifier" : "string");
            } else if (c == '`' && !pg) {
                skipQuoted('`', false, "quoted identifier");
            } else if (c == '$' && pg && (i == 0 || !isIdentPart(at(i - 1)))) {
                skipDollarQuoted();
            } else if (isIdentStart(c)) {
                // Skip the whole word so that a '$' or 'E' inside it is not mistaken for a quote.
                long start = i;
                i++;
                // A delimiter such as $$ can end a word: "END$$" is END, then the delimiter (as the mysql client reads
                // it). Only '$' is both part of a word and a usual delimiter character; DELIMITER GO still needs a space.
                boolean delimiterInWords = !pg && delim0 == '$';
                while (has(i) && isIdentPart(at(i)) && !(delimiterInWords && startsWith(i, delimiter))) {
                    i++;
                }
                if (blocksFollow) {
                    blockWord(start);
                }
                return;
            } else {
                i++;
                if (blocksFollow) {
                    blocks.symbol(c);
                }
                return;
            }
            if (blocksFollow) {
                blocks.operand(); // a string or a quoted identifier
            }
        }

        /** Whether {@link #blocks} follows this statement: MySQL syntax, delimiter {@code ;}. */
        private boolean tracksBlocks() {
            return blocks != null && singleCharDelimiter && delim0 == ';';
        }

        /**
         * Hands the word from {@code start} to {@link #i} to {@link #blocks}. Part of a qualified name ({@code t.end},
         * {@code end.x}, {@code @begin}) it is a name, not a keyword. A word longer than any keyword goes as
         * {@code ""}, so that long identifiers cost no copy.
         */
        private void blockWord(long start) {
            char before = start > 0 ? at(start - 1) : ' ';
            if (before == '.' || before == '@' || (has(i) && at(i) == '.')) {
                blocks.operand();
                return;
            }
            int length = (int) (i - start);
            String word = length > MAX_KEYWORD ? "" : text(start, i).toUpperCase(Locale.ROOT);
            blocks.word(word, line, column(start));
        }

        private void newLine(long at) {
            line++;
            lineStart = at + 1;
        }

        private void markStart() {
            if (stmtStart < 0) {
                stmtStart = i;
                stmtLine = line;
            }
        }

        private void emit(long end) {
            if (blocks != null) {
                blocks.reset();
            }
            if (stmtStart < 0) {
                return;
            }
            long e = end;
            while (e > stmtStart && Character.isWhitespace(at(e - 1))) {
                e--;
            }
            String statement = text(stmtStart, e);
            ready = new ParsedStatement(statement, stmtLine, pg && StatementKinds.requiresNoTransaction(statement));
            stmtStart = -1;
        }

        private boolean isEscapeStringPrefix(long quote) {
            if (quote == 0) {
                return false;
            }
            char p = at(quote - 1);
            if (p != 'E' && p != 'e') {
                return false;
            }
            return quote - 1 == 0 || !isIdentPart(at(quote - 2));
        }

        private static boolean isMysqlDashSpace(char c) {
            // MySQL needs whitespace or a control character after "--" for a comment ("5--3" is arithmetic).
            return c <= ' ';
        }

        private boolean startsWith(long at, String s) {
            for (int k = 0; k < s.length(); k++) {
                if (!has(at + k) || at(at + k) != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code word} in upper case, matched ignoring case as {@link String#regionMatches(boolean, int, String, int, int)} does. */
        private boolean startsWithWord(long at, String word) {
            for (int k = 0; k < word.length(); k++) {
                if (!has(at + k)) {
                    return false;
                }
                char u = Character.toUpperCase(at(at + k));
                char w = word.charAt(k);
                if (u != w && Character.toLowerCase(u) != Character.toLowerCase(w)) {
                    return false;
                }
            }
            long after = at + word.length();
            return !has(after) || Character.isWhitespace(at(after));
        }

        private void readDelimiterCommand() {
            int startLine = line;
            int startColumn = column(i);
            long eol = i;
            while (has(eol) && at(eol) != '\n') {
                eol++;
            }
            String value = text(i + "DELIMITER".length(), eol).strip();
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
            while (has(i) && at(i) != '\n') {
                i++; // the newline itself is counted by step()
            }
        }

        private void skipBlockComment() {
            int startLine = line;
            int startColumn = column(i);
            int depth = 1;
            i += 2;
            while (has(i)) {
                char c = at(i);
                if (c == '\n') {
                    newLine(i);
                    i++;
                } else if (c == '*' && has(i + 1) && at(i + 1) == '/') {
                    i += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else if (pg && c == '/' && has(i + 1) && at(i + 1) == '*') {
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
            int startColumn = column(i);
            i++;
            while (has(i)) {
                char c = at(i);
                if (c == '\n') {
                    newLine(i);
                    i++;
                } else if (backslashes && c == '\\') {
                    if (has(i + 1) && at(i + 1) == '\n') {
                        newLine(i + 1);
                    }
                    i += 2;
                } else if (c == quote) {
                    if (has(i + 1) && at(i + 1) == quote) {
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
            long j = i + 1;
            if (has(j) && at(j) != '$') {
                if (!isIdentStart(at(j))) {
                    i++; // $1, $x without a closing $: a parameter or an operator, not a quote
                    return;
                }
                while (has(j) && isIdentPart(at(j)) && at(j) != '$') {
                    j++;
                }
                if (!has(j) || at(j) != '$') {
                    i = j;
                    return;
                }
            } else if (!has(j)) {
                i++;
                return;
            }
            String tag = text(i, j + 1);
            int startLine = line;
            int startColumn = column(i);
            long k = j + 1;
            while (!startsWith(k, tag)) {
                if (!has(k)) {
                    throw unterminated("dollar-quoted body " + tag, startLine, startColumn, "Close it with " + tag + ".");
                }
                if (at(k) == '\n') {
                    newLine(k);
                }
                k++;
            }
            i = k + tag.length();
        }

        private ScriptParseException unterminated(String what, int startLine, int startColumn, String hint) {
            return new ScriptParseException("Unterminated " + what + " in " + source + " starting at line " + startLine
                    + ", column " + startColumn + ". " + hint);
        }
    }
}
