package dev.migrator.jdbc.internal.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement as tokens, for the linters' classifiers: words (upper-cased for matching, kept as written for names),
 * quoted names, string literals, numbers and symbols, with comments and whitespace dropped. Immutable.
 *
 * <p>Why tokens and not a grammar: JSqlParser 5.3 rejects the very PostgreSQL statements the rules are about
 * ({@code CREATE INDEX CONCURRENTLY}, {@code ADD CONSTRAINT ... NOT VALID}, {@code ADD PRIMARY KEY USING INDEX},
 * {@code VACUUM}, {@code CLUSTER}; see {@code JsqlParserCoverageTest}). The DDL rules need only the statement's
 * keywords, names and the extent of parenthesised lists, which a tokenizer gives exactly and never fails on; what it
 * does not recognise is reported as not analysed.
 */
public final class SqlTokens {

    /** What a token is. */
    public enum Kind {
        /** An unquoted word: a keyword or a name. */
        WORD,
        /** A quoted name ({@code "Name"}, {@code `name`}); {@link Token#text} without quotes. */
        QUOTED,
        /** A string literal. */
        STRING,
        /** A number. */
        NUMBER,
        /** Any other character: {@code ( ) , . = ;}... */
        SYMBOL
    }

    /**
     * One token.
     *
     * @param kind what it is
     * @param text as written (quotes removed from names)
     * @param upper upper case of a word; the text otherwise
     */
    public record Token(Kind kind, String text, String upper) {
        /** Whether this is the word {@code keyword} (upper case). */
        public boolean is(String keyword) {
            return kind == Kind.WORD && upper.equals(keyword);
        }

        /** Whether this is the symbol {@code symbol}. */
        public boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == symbol;
        }

        /** Whether this can be a name (a word or a quoted name). */
        public boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    private final List<Token> tokens;

    private SqlTokens(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * The tokens of {@code sql}.
     *
     * @param backtickNames whether {@code `name`} quotes a name and {@code #} starts a comment (MySQL)
     */
    public static SqlTokens of(String sql, boolean backtickNames) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || backtickNames && c == '#') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || backtickNames && c == '`') {
                int end = closing(sql, i, c);
                String name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("" + c + c, "" + c);
                out.add(new Token(Kind.QUOTED, name, name));
                i = end;
            } else if (c == '\'') {
                int end = closing(sql, i, c);
                String text = sql.substring(i, end);
                out.add(new Token(Kind.STRING, text, text));
                i = end;
            } else if (c == '$' && !backtickNames && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                String text = sql.substring(i, end);
                out.add(new Token(Kind.STRING, text, text));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i);
                out.add(new Token(Kind.WORD, word, word.toUpperCase(Locale.ROOT)));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                String number = sql.substring(start, i);
                out.add(new Token(Kind.NUMBER, number, number));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), String.valueOf(c)));
                i++;
            }
        }
        return new SqlTokens(out);
    }

    /** The index after the closing quote of the quoted text opening at {@code i} (doubled quotes stay inside). */
    private static int closing(String sql, int i, char quote) {
        int j = i + 1;
        int n = sql.length();
        while (j < n) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            if (sql.charAt(j) == '\\' && quote == '\'') {
                j++; // MySQL's backslash escape; harmless in PostgreSQL's rare E'' strings
            }
            j++;
        }
        return n;
    }

    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    /** Every token. */
    public List<Token> all() {
        return tokens;
    }

    /** The number of tokens. */
    public int size() {
        return tokens.size();
    }

    /** The token at {@code i}, or a symbol token {@code ""} past the end (so look-ahead never throws). */
    public Token at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : new Token(Kind.SYMBOL, "", "");
    }

    /** Whether the words {@code keywords} appear in order from {@code i}. */
    public boolean words(int i, String... keywords) {
        for (int k = 0; k < keywords.length; k++) {
            if (!at(i + k).is(keywords[k])) {
                return false;
            }
        }
        return true;
    }

    /** The first index at or after {@code from} outside parentheses where {@code keyword} stands; -1 when none. */
    public int find(int from, int to, String keyword) {
        int depth = 0;
        for (int i = from; i < to && i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && t.is(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** The index after the parenthesised group opening at {@code i} ({@code i} itself when no group opens there). */
    public int skipGroup(int i) {
        if (!at(i).isSymbol('(')) {
            return i;
        }
        int depth = 0;
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).isSymbol('(')) {
                depth++;
            } else if (tokens.get(j).isSymbol(')') && --depth == 0) {
                return j + 1;
            }
        }
        return tokens.size();
    }

    /** The ranges {@code [from, to)} between top-level commas of {@code [from, to)}. */
    public List<Range> splitCommas(int from, int to) {
        List<Range> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = at(i);
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && t.isSymbol(',')) {
                parts.add(new Range(start, i));
                start = i + 1;
            }
        }
        if (start < to) {
            parts.add(new Range(start, to));
        }
        return parts;
    }

    /**
     * A possibly qualified name starting at {@code i} ({@code table}, {@code schema.table}); {@code null} when no name
     * stands there.
     *
     * @param foldUpper whether unquoted names fold to lower case (PostgreSQL); MySQL keeps them as written
     */
    public QualifiedName name(int i, boolean foldUpper) {
        if (!at(i).isName()) {
            return null;
        }
        String first = part(at(i), foldUpper);
        if (at(i + 1).isSymbol('.') && at(i + 2).isName()) {
            return new QualifiedName(first, part(at(i + 2), foldUpper), i + 3);
        }
        return new QualifiedName(null, first, i + 1);
    }

    private static String part(Token t, boolean fold) {
        return t.kind() == Kind.WORD && fold ? t.text().toLowerCase(Locale.ROOT) : t.text();
    }

    /** The text of tokens {@code [from, to)} joined by single spaces, for messages and type comparisons. */
    public String text(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to && i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (sb.length() > 0 && !t.isSymbol('(') && !t.isSymbol(')') && !t.isSymbol(',')
                    && !(sb.charAt(sb.length() - 1) == '(')) {
                sb.append(' ');
            }
            sb.append(t.kind() == Kind.WORD ? t.upper() : t.text());
        }
        return sb.toString();
    }

    /** Token indexes {@code [from, to)}. */
    public record Range(int from, int to) {}

    /**
     * A table's name.
     *
     * @param schema the schema when the statement named one, else {@code null}
     * @param name the name
     * @param end the index after the name
     */
    public record QualifiedName(String schema, String name, int end) {}
}
