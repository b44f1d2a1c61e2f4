package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Any script text, in both syntaxes: the splitter returns statements taken in order from the text, or throws a
 * {@link ScriptParseException} naming the script and the line; nothing else, and the same answer every time, also
 * when read a few characters at a time. In MySQL syntax (issue 17, item 1), a statement split from a script without
 * DELIMITER lines splits alone into itself, so no {@code ;} inside it was taken for a separator by accident of what
 * came before; and the same bytes, read as choices of a grammar of compound statements
 * ({@link MysqlCompoundGenerator}), give a routine that splits whole, with and without {@code DELIMITER //}. Inputs:
 * {@code SqlSplitterFuzzTestInputs/split/}, UTF-8 scripts.
 */
class SqlSplitterFuzzTest {

    private static final String SOURCE = "V1__fuzz.sql";
    private static final FuzzStats STATS = new FuzzStats("SqlSplitterFuzzTest.split");

    @FuzzTest
    void split(byte[] input) throws Exception {
        STATS.check(() -> {
            String text = new String(input, StandardCharsets.UTF_8);
            StatementKinds.requiresNoTransaction(text);
            for (SqlSplitter.Syntax syntax : SqlSplitter.Syntax.values()) {
                checkSplit(text, syntax);
            }
            checkGeneratedRoutine(input);
        });
    }

    /** A routine built from the input by a grammar of balanced compound statements splits whole, then the next one. */
    static void checkGeneratedRoutine(byte[] input) {
        String routine = MysqlCompoundGenerator.routine(input);
        SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.MYSQL);
        // "\n;": a routine may end in a line comment, which would swallow a ';' right after it.
        for (String script : List.of(routine + "\n;\nSELECT 42;",
                "DELIMITER //\n" + routine + "\n//\nDELIMITER ;\nSELECT 42;")) {
            assertThat(splitter.split(script, SOURCE))
                    .as("the generated routine in %s", script)
                    .extracting(ParsedStatement::text)
                    .containsExactly(routine.strip(), "SELECT 42");
        }
    }

    private static void checkSplit(String text, SqlSplitter.Syntax syntax) {
        SqlSplitter splitter = new SqlSplitter(syntax);
        List<ParsedStatement> statements;
        try {
            statements = splitter.split(text, SOURCE);
        } catch (ScriptParseException e) {
            assertThat(e.getMessage()).contains(SOURCE).contains(" line ");
            return;
        }
        assertThat(splitter.split(text, SOURCE)).as("a second split of the same text").isEqualTo(statements);
        // Read as a stream handing over a few characters at a time, the script splits the same (issue 16, item 6).
        List<ParsedStatement> streamed = new ArrayList<>();
        splitter.statements(new Trickle(text, 1 + text.length() % 7), SOURCE).forEachRemaining(streamed::add);
        assertThat(streamed).as("the same text read a few characters at a time").isEqualTo(statements);
        int from = 0;
        int counted = 0; // `lines` is the 1-based line of position `counted`
        int lines = 1;
        int previousLine = 1;
        for (ParsedStatement s : statements) {
            String statement = s.text();
            assertThat(statement).isNotBlank();
            assertThat(Character.isWhitespace(statement.charAt(0))).as("leading whitespace in %s", statement).isFalse();
            assertThat(Character.isWhitespace(statement.charAt(statement.length() - 1)))
                    .as("trailing whitespace in %s", statement)
                    .isFalse();
            // The first occurrence at or after the previous statement: the statement itself starts there or later.
            int at = text.indexOf(statement, from);
            assertThat(at).as("statement %s taken from the text after the previous one", statement).isNotNegative();
            lines += newlines(text, counted, at);
            counted = at;
            assertThat(s.line()).isGreaterThanOrEqualTo(Math.max(previousLine, lines));
            assertThat(s.requiresNoTransaction())
                    .isEqualTo(syntax == SqlSplitter.Syntax.POSTGRESQL && StatementKinds.requiresNoTransaction(statement));
            from = at + statement.length();
            previousLine = s.line();
        }
        assertThat(previousLine).isLessThanOrEqualTo(lines + newlines(text, counted, text.length()));
        if (syntax == SqlSplitter.Syntax.MYSQL && !text.toUpperCase(java.util.Locale.ROOT).contains("DELIMITER")) {
            for (ParsedStatement s : statements) {
                // "\n;" ends the statement as its delimiter did, also after a line comment.
                assertThat(splitter.split(s.text() + "\n;", SOURCE))
                        .as("statement %s split alone", s.text())
                        .extracting(ParsedStatement::text)
                        .containsExactly(s.text());
            }
        }
    }

    /** The {@code \n} between two positions: the splitter counts lines by them alone. */
    private static int newlines(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /** A reader that hands over at most {@code step} characters per read, so statements span many reads. */
    private static final class Trickle extends Reader {
        private final StringReader in;
        private final int step;

        Trickle(String text, int step) {
            this.in = new StringReader(text);
            this.step = step;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            return in.read(cbuf, off, Math.min(len, step));
        }

        @Override
        public void close() {}
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}
