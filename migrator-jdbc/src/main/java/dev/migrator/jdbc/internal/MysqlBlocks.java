package dev.migrator.jdbc.internal;

import dev.migrator.api.ScriptParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One concept, kept whole although it is over 400 lines: MySQL's compound-statement grammar as the splitter needs it
 * (which words open and close a block, and where), one small state machine whose rules depend on each other.
 *
 * <p>Follows the compound statements of one MySQL/MariaDB statement, token by token, so that {@link SqlSplitter} splits
 * on {@code ;} only outside them (issue 17, item 1): a script written for Flyway or for a client that sends a whole
 * file may define a procedure with {@code BEGIN ... END} and no {@code DELIMITER} lines.
 *
 * <p>Blocks are tracked only where they can occur: in the body of {@code CREATE [OR REPLACE] [DEFINER = user]
 * [AGGREGATE] PROCEDURE | FUNCTION | TRIGGER | EVENT}, and in a top-level MariaDB anonymous compound statement
 * ({@code BEGIN NOT ATOMIC}, or a statement starting with {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE},
 * {@code REPEAT} or {@code FOR}; also a label then {@code BEGIN}, which MariaDB 10.11 refuses outside stored programs:
 * kept whole, its syntax error names the block rather than a fragment of it). Every other statement is left alone after its first
 * word, so {@code BEGIN;}, {@code BEGIN WORK}, {@code START TRANSACTION} and {@code COMMIT} stay transaction
 * statements and plain scripts cost nothing more.
 *
 * <p>Inside a body, {@code BEGIN}, {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT} and
 * {@code FOR} open a block only at the start of a statement (after {@code ;}, {@code BEGIN}, {@code THEN},
 * {@code ELSE}, {@code DO}, {@code LOOP}, {@code REPEAT}, a label {@code x:} or a handler's conditions): elsewhere
 * they are the functions {@code IF(...)} and {@code REPEAT(...)}, {@code IF EXISTS}, or a name. A {@code CASE} that
 * does not start a statement is an expression and ends with a plain {@code END}. {@code END} closes a block only at
 * the start of a statement, or where a {@code CASE} expression or a {@code REPEAT ... UNTIL} condition is open: a
 * column named {@code end} does not. The word after a closing {@code END} ({@code IF}, {@code LOOP}...) belongs to it.
 *
 * <p>The caller feeds only tokens outside strings, comments and quoted identifiers; words that are part of a
 * qualified name ({@code t.end}, {@code @begin}) come as {@link #operand()}. Work per token is constant: the splitter
 * stays one linear pass. Not thread-safe: one instance per scan.
 */
final class MysqlBlocks {

    /** Where the current top-level statement stands. */
    private enum Mode {
        /** No token yet. */
        START,
        /** First word {@code BEGIN}: a transaction unless {@code NOT ATOMIC} follows. */
        TX_BEGIN,
        /** {@code BEGIN NOT}: {@code ATOMIC} makes it a compound statement. */
        TX_BEGIN_NOT,
        /** One token: a label if {@code :} follows. */
        MAYBE_LABEL,
        /** A top-level label: a block opener follows, or it is no compound statement. */
        AFTER_LABEL,
        /** After {@code CREATE}: {@code OR REPLACE}, {@code DEFINER = ...}, {@code AGGREGATE}, then the kind. */
        CREATE_PREFIX,
        /** After {@code DEFINER}: the next name is the user. */
        DEFINER_USER,
        /** After {@code user@}: the next name is the host. */
        DEFINER_HOST,
        /** A routine, trigger or event before its body. */
        HEADER,
        /** A routine body or an anonymous compound statement: blocks are counted. */
        BODY,
        /** Any other statement: nothing to follow until its {@code ;}. */
        PLAIN
    }

    /** Where a routine header stands; the body starts after the last phase. */
    private enum Phase {
        /** Procedure or function name, up to its parameter list. */
        NAME,
        /** Inside the parameter list. */
        PARAMETERS,
        /** {@code RETURNS type} and characteristics; the first other word starts the body. */
        CHARACTERISTICS,
        /** A trigger, up to {@code FOR EACH ROW}. */
        BEFORE_ROW,
        /** After {@code FOR EACH ROW}: {@code FOLLOWS | PRECEDES name}, or the body. */
        AFTER_ROW,
        /** After {@code FOLLOWS | PRECEDES}: the next name, then the body. */
        TRIGGER_ORDER,
        /** An event, up to {@code DO}. */
        BEFORE_DO
    }

    /** An open block and the words that close it. */
    private enum Kind {
        BEGIN("BEGIN", "END"),
        IF("IF", "END IF"),
        CASE("CASE", "END CASE"),
        CASE_EXPRESSION("CASE expression", "END"),
        LOOP("LOOP", "END LOOP"),
        WHILE("WHILE", "END WHILE"),
        REPEAT("REPEAT", "END REPEAT"),
        /** A {@code REPEAT} whose {@code UNTIL} condition has begun: its {@code END REPEAT} follows an expression. */
        REPEAT_UNTIL("REPEAT", "END REPEAT"),
        FOR("FOR", "END FOR");

        final String opener;
        final String closer;

        Kind(String opener, String closer) {
            this.opener = opener;
            this.closer = closer;
        }
    }

    /** A block not closed yet, where its opening word is, for the error when the script ends first. */
    private record Open(Kind kind, int line, int column) {}

    /** Progress through {@code DECLARE ... HANDLER FOR condition [, condition] statement}. */
    private enum Handler {
        NONE,
        DECLARE,
        HANDLER,
        /** A condition is expected. */
        CONDITION,
        /** After {@code SQLSTATE}: {@code VALUE}, then a string. */
        SQLSTATE,
        /** After {@code NOT}: {@code FOUND}. */
        NOT,
        /** A condition is complete: {@code ,} or the handler's statement follows. */
        AFTER_CONDITION
    }

    private Mode mode = Mode.START;
    private Phase phase;
    private int parentheses;
    private boolean skipNextWord;
    private String previousWord = "";
    private int pendingLine;
    private int pendingColumn;

    /** The open blocks, innermost last; a {@code ;} ends the statement only when there is none. */
    private final List<Open> open = new ArrayList<>();

    private boolean atStatementStart;
    /** The last token was the first of a statement: a {@code :} makes it a label. */
    private boolean firstToken;
    /** The last word was a closing {@code END}: an {@code IF}, {@code LOOP}... next belongs to it. */
    private boolean afterEnd;
    /** 1 right after a {@code BEGIN}, 2 after {@code BEGIN NOT}: MariaDB's {@code NOT ATOMIC}. */
    private int notAtomic;
    private Handler handler = Handler.NONE;

    /** Forgets the statement: the next token starts a new one. */
    void reset() {
        mode = Mode.START;
        phase = null;
        parentheses = 0;
        skipNextWord = false;
        previousWord = "";
        open.clear();
        atStatementStart = false;
        firstToken = false;
        afterEnd = false;
        notAtomic = 0;
        handler = Handler.NONE;
    }

    /** Whether words still matter for this statement; when not, the caller need not pass them. */
    boolean tracksWords() {
        return mode != Mode.PLAIN;
    }

    /** Whether a {@code ;} now is inside a block, and so does not end the statement. */
    boolean insideBlock() {
        return !open.isEmpty();
    }

    /** A {@code ;} inside a block: it ends a statement of the body, and the next word starts one. */
    void innerSemicolon() {
        atStatementStart = true;
        firstToken = false;
        afterEnd = false;
        notAtomic = 0;
        handler = Handler.NONE;
    }

    /**
     * An unqualified word outside strings and comments.
     *
     * @param word the word in upper case (any word longer than a keyword may come as {@code ""})
     * @param line its 1-based line
     * @param column its 1-based column
     */
    void word(String word, int line, int column) {
        switch (mode) {
            case START -> firstWord(word, line, column);
            case TX_BEGIN -> mode = word.equals("NOT") ? Mode.TX_BEGIN_NOT : Mode.PLAIN;
            case TX_BEGIN_NOT -> {
                if (word.equals("ATOMIC")) {
                    mode = Mode.BODY;
                    push(Kind.BEGIN, pendingLine, pendingColumn);
                    atStatementStart = true;
                } else {
                    mode = Mode.PLAIN;
                }
            }
            case MAYBE_LABEL -> mode = Mode.PLAIN;
            case AFTER_LABEL -> {
                if (word.equals("BEGIN") || opensBlock(word)) {
                    startBody();
                    body(word, line, column);
                } else {
                    mode = Mode.PLAIN;
                }
            }
            case CREATE_PREFIX -> createPrefix(word);
            case DEFINER_USER, DEFINER_HOST -> mode = Mode.CREATE_PREFIX;
            case HEADER -> header(word, line, column);
            case BODY -> body(word, line, column);
            case PLAIN -> {}
        }
    }

    /** A string, a quoted identifier, a number or a qualified name: never a keyword. */
    void operand() {
        switch (mode) {
            case START -> mode = Mode.MAYBE_LABEL;
            case TX_BEGIN, TX_BEGIN_NOT, MAYBE_LABEL, AFTER_LABEL -> mode = Mode.PLAIN;
            case DEFINER_USER, DEFINER_HOST -> mode = Mode.CREATE_PREFIX;
            case HEADER -> {
                if (phase == Phase.TRIGGER_ORDER) {
                    startBody(); // FOLLOWS `other_trigger`: the body is next
                } else {
                    skipNextWord = false;
                }
            }
            case BODY -> bodyOperand();
            case CREATE_PREFIX, PLAIN -> {}
        }
    }

    /** A character outside words, strings and comments, other than {@code ;} and whitespace. */
    void symbol(char c) {
        if (c >= '0' && c <= '9') {
            operand();
            return;
        }
        switch (mode) {
            case START, TX_BEGIN, TX_BEGIN_NOT, AFTER_LABEL -> mode = Mode.PLAIN;
            case MAYBE_LABEL -> mode = c == ':' ? Mode.AFTER_LABEL : Mode.PLAIN;
            case CREATE_PREFIX -> {
                if (c == '@') {
                    mode = Mode.DEFINER_HOST;
                }
            }
            case DEFINER_USER, DEFINER_HOST, PLAIN -> {}
            case HEADER -> headerSymbol(c);
            case BODY -> bodySymbol(c);
        }
    }

    /**
     * The error for a script that ends inside a block (call only when {@link #insideBlock()}). The splitter throws rather than sending the rest of the script
     * as one statement: the server would answer with a syntax error at the end of the text, while this names the
     * opener that was never closed, and the way out when a keyword there is really a name.
     */
    ScriptParseException unclosed(String source) {
        Open inner = open.get(open.size() - 1);
        Open outer = open.get(0);
        StringBuilder message = new StringBuilder("Unclosed ")
                .append(inner.kind().opener)
                .append(" in ")
                .append(source)
                .append(" at line ")
                .append(inner.line())
                .append(", column ")
                .append(inner.column());
        if (outer != inner) {
            message.append(" (inside the ")
                    .append(outer.kind().opener)
                    .append(" at line ")
                    .append(outer.line())
                    .append(", column ")
                    .append(outer.column())
                    .append(")");
        }
        return new ScriptParseException(message.append(": the script ends before its ")
                .append(inner.kind().closer)
                .append(". Close it with ")
                .append(inner.kind().closer)
                .append(", or quote a name spelled like a keyword in backticks; a routine written between"
                        + " DELIMITER // and DELIMITER ; is split on // alone.")
                .toString());
    }

    private void firstWord(String word, int line, int column) {
        if (word.equals("CREATE")) {
            mode = Mode.CREATE_PREFIX;
        } else if (word.equals("BEGIN")) {
            mode = Mode.TX_BEGIN;
            pendingLine = line;
            pendingColumn = column;
        } else if (opensBlock(word)) {
            startBody();
            body(word, line, column);
        } else {
            mode = Mode.MAYBE_LABEL;
        }
    }

    private void createPrefix(String word) {
        switch (word) {
            case "OR", "REPLACE", "AGGREGATE" -> {}
            case "DEFINER" -> mode = Mode.DEFINER_USER;
            case "PROCEDURE", "FUNCTION" -> header(Phase.NAME);
            case "TRIGGER" -> header(Phase.BEFORE_ROW);
            case "EVENT" -> header(Phase.BEFORE_DO);
            default -> mode = Mode.PLAIN; // TABLE, VIEW, INDEX...: no compound statement in them
        }
    }

    private void header(Phase first) {
        mode = Mode.HEADER;
        phase = first;
        parentheses = 0;
        previousWord = "";
    }

    private void header(String word, int line, int column) {
        switch (phase) {
            case NAME, PARAMETERS, TRIGGER_ORDER -> {
                if (phase == Phase.TRIGGER_ORDER) {
                    startBody();
                }
            }
            case CHARACTERISTICS -> {
                if (parentheses > 0) {
                    return; // DECIMAL(10, 2)
                }
                if (skipNextWord) {
                    skipNextWord = false; // the type after RETURNS, the name after CHARSET or COLLATE
                } else if (isCharacteristic(word)) {
                    skipNextWord = word.equals("RETURNS") || word.equals("CHARSET") || word.equals("COLLATE")
                            || word.equals("SET");
                } else {
                    startBody();
                    body(word, line, column);
                }
            }
            case BEFORE_ROW -> {
                if (word.equals("ROW") && previousWord.equals("EACH")) {
                    phase = Phase.AFTER_ROW;
                }
            }
            case AFTER_ROW -> {
                if (word.equals("FOLLOWS") || word.equals("PRECEDES")) {
                    phase = Phase.TRIGGER_ORDER;
                } else {
                    startBody();
                    body(word, line, column);
                }
            }
            case BEFORE_DO -> {
                if (word.equals("DO") && parentheses == 0) {
                    startBody();
                }
            }
        }
        previousWord = word;
    }

    private boolean isCharacteristic(String word) {
        return switch (word) {
            case "RETURNS", "COMMENT", "LANGUAGE", "SQL", "NOT", "DETERMINISTIC", "CONTAINS", "NO", "READS",
                    "MODIFIES", "DATA", "SECURITY", "DEFINER", "INVOKER", "CHARSET", "CHARACTER", "COLLATE",
                    "UNSIGNED", "SIGNED", "ZEROFILL", "PRECISION", "VARYING", "BINARY", "ASCII", "UNICODE",
                    "BYTE" -> true;
            case "SET" -> previousWord.equals("CHARACTER");
            default -> false;
        };
    }

    private void headerSymbol(char c) {
        if (c == '(') {
            parentheses++;
            if (phase == Phase.NAME) {
                phase = Phase.PARAMETERS;
            }
        } else if (c == ')' && parentheses > 0) {
            parentheses--;
            if (phase == Phase.PARAMETERS && parentheses == 0) {
                phase = Phase.CHARACTERISTICS;
            }
        }
    }

    private void startBody() {
        mode = Mode.BODY;
        atStatementStart = true;
        firstToken = false;
    }

    private void body(String word, int line, int column) {
        if (afterEnd) {
            afterEnd = false;
            if (opensBlock(word)) {
                return; // END IF, END LOOP...: one closer
            }
        }
        if (notAtomic == 1 && word.equals("NOT")) {
            notAtomic = 2;
            return;
        }
        if (notAtomic == 2 && word.equals("ATOMIC")) {
            notAtomic = 0;
            return;
        }
        notAtomic = 0;
        switch (handler) {
            case CONDITION -> {
                handler = word.equals("SQLSTATE") ? Handler.SQLSTATE
                        : word.equals("NOT") ? Handler.NOT : Handler.AFTER_CONDITION;
                return;
            }
            case SQLSTATE -> {
                return; // VALUE
            }
            case NOT -> {
                handler = Handler.AFTER_CONDITION; // FOUND
                return;
            }
            case AFTER_CONDITION -> {
                handler = Handler.NONE; // the handler's statement
                atStatementStart = true;
            }
            case DECLARE -> {
                if (word.equals("HANDLER")) {
                    handler = Handler.HANDLER;
                    return;
                }
            }
            case HANDLER -> {
                if (word.equals("FOR")) {
                    handler = Handler.CONDITION;
                    return;
                }
            }
            case NONE -> {}
        }
        boolean start = atStatementStart;
        atStatementStart = false;
        firstToken = false;
        if (start) {
            statementWord(word, line, column);
        } else {
            expressionWord(word, line, column);
        }
    }

    private void statementWord(String word, int line, int column) {
        switch (word) {
            case "BEGIN" -> {
                push(Kind.BEGIN, line, column);
                atStatementStart = true;
                notAtomic = 1;
            }
            case "IF" -> push(Kind.IF, line, column);
            case "CASE" -> push(Kind.CASE, line, column);
            case "LOOP" -> {
                push(Kind.LOOP, line, column);
                atStatementStart = true;
            }
            case "REPEAT" -> {
                push(Kind.REPEAT, line, column);
                atStatementStart = true;
            }
            case "WHILE" -> push(Kind.WHILE, line, column);
            case "FOR" -> push(Kind.FOR, line, column);
            case "END" -> {
                if (!open.isEmpty()) {
                    open.remove(open.size() - 1);
                }
                afterEnd = true;
            }
            case "ELSE" -> atStatementStart = true;
            case "UNTIL" -> {
                Kind top = top();
                if (top == Kind.REPEAT) {
                    Open repeat = open.remove(open.size() - 1);
                    open.add(new Open(Kind.REPEAT_UNTIL, repeat.line(), repeat.column()));
                }
            }
            case "DECLARE" -> handler = Handler.DECLARE;
            default -> firstToken = true; // a label if ':' follows
        }
    }

    private void expressionWord(String word, int line, int column) {
        Kind top = top();
        switch (word) {
            case "CASE" -> push(Kind.CASE_EXPRESSION, line, column);
            case "END" -> {
                if (top == Kind.CASE_EXPRESSION || top == Kind.REPEAT_UNTIL) {
                    open.remove(open.size() - 1);
                    afterEnd = true;
                }
            }
            case "THEN", "ELSE" -> atStatementStart = top != null && top != Kind.CASE_EXPRESSION;
            case "DO" -> atStatementStart = top == Kind.WHILE || top == Kind.FOR;
            default -> {}
        }
    }

    private void bodyOperand() {
        afterEnd = false;
        notAtomic = 0;
        switch (handler) {
            case CONDITION, SQLSTATE -> handler = Handler.AFTER_CONDITION;
            case AFTER_CONDITION -> {
                return; // the rest of an error number
            }
            default -> {}
        }
        firstToken = atStatementStart; // `label`:
        atStatementStart = false;
    }

    private void bodySymbol(char c) {
        if (c == ':' && firstToken) {
            firstToken = false;
            atStatementStart = true;
            return;
        }
        if (c == ',' && handler == Handler.AFTER_CONDITION) {
            handler = Handler.CONDITION;
            return;
        }
        firstToken = false;
        atStatementStart = false;
        afterEnd = false;
        notAtomic = 0;
    }

    private static boolean opensBlock(String word) {
        return switch (word) {
            case "IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR" -> true;
            default -> false;
        };
    }

    private void push(Kind kind, int line, int column) {
        open.add(new Open(kind, line, column));
    }

    /** The innermost open block's kind, or null outside blocks. */
    private Kind top() {
        return open.isEmpty() ? null : open.get(open.size() - 1).kind();
    }
}
