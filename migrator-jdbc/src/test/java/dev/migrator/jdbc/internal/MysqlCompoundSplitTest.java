package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * MySQL/MariaDB compound statements without {@code DELIMITER} (issue 17, item 1): a {@code ;} inside the
 * {@code BEGIN ... END}, {@code IF}, {@code CASE}, {@code LOOP}, {@code WHILE}, {@code REPEAT} or {@code FOR} of a
 * routine, trigger, event or anonymous block does not end the statement; everywhere else it does.
 */
class MysqlCompoundSplitTest {

    private static final String CORPUS = "mysql_compound_corpus.sql";
    private static final String MARKER = "-- ---";

    private static List<ParsedStatement> my(String sql) {
        return new SqlSplitter(SqlSplitter.Syntax.MYSQL).split(sql, "V1__test.sql");
    }

    private static List<String> texts(List<ParsedStatement> statements) {
        return statements.stream().map(ParsedStatement::text).toList();
    }

    @Test
    void split_procedureWithoutDelimiter_isOneStatementThenCall() {
        String script = "CREATE PROCEDURE p()\nBEGIN\n  DECLARE c INT;\n  SELECT 1 INTO c;\nEND;\nCALL p();\n";
        List<ParsedStatement> statements = my(script);
        assertThat(texts(statements))
                .containsExactly("CREATE PROCEDURE p()\nBEGIN\n  DECLARE c INT;\n  SELECT 1 INTO c;\nEND", "CALL p()");
        assertThat(statements).extracting(ParsedStatement::line).containsExactly(1, 6);
    }

    /** The corpus file: every statement with its exact text and first line, read whole and a character at a time. */
    @Test
    void split_corpus_returnsEveryStatementWithItsTextAndLine() throws IOException {
        String corpus = corpus();
        List<ParsedStatement> expected = expectedFromMarkers(corpus);
        assertThat(expected).as("statements in the corpus").hasSizeGreaterThanOrEqualTo(60);

        List<ParsedStatement> actual = my(corpus);

        for (int k = 0; k < Math.min(expected.size(), actual.size()); k++) {
            assertThat(actual.get(k)).as("statement %d of the corpus", k + 1).isEqualTo(expected.get(k));
        }
        assertThat(actual).isEqualTo(expected);
        List<ParsedStatement> streamed = new ArrayList<>();
        new SqlSplitter(SqlSplitter.Syntax.MYSQL)
                .statements(new OneCharacterReader(corpus), "V1__test.sql")
                .forEachRemaining(streamed::add);
        assertThat(streamed).isEqualTo(expected);
    }

    @Test
    void split_dynamicSqlAtTopLevel_splitsOnEverySemicolon() {
        assertThat(texts(my("SET @s = 'SELECT 1; END;'; PREPARE stmt FROM @s; EXECUTE stmt; DEALLOCATE PREPARE stmt;")))
                .containsExactly("SET @s = 'SELECT 1; END;'", "PREPARE stmt FROM @s", "EXECUTE stmt",
                        "DEALLOCATE PREPARE stmt");
    }

    @Test
    void split_transactionBegin_isAStatementOfItsOwn() {
        assertThat(texts(my("BEGIN; INSERT INTO t VALUES (1); COMMIT; BEGIN WORK; ROLLBACK; START TRANSACTION; COMMIT;")))
                .containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT", "BEGIN WORK", "ROLLBACK",
                        "START TRANSACTION", "COMMIT");
    }

    @Test
    void split_anonymousBlockOnOneLine_isOneStatement() {
        assertThat(texts(my("BEGIN NOT ATOMIC SELECT 1; IF 1 THEN SELECT 2; END IF; END; SELECT 3;")))
                .containsExactly("BEGIN NOT ATOMIC SELECT 1; IF 1 THEN SELECT 2; END IF; END", "SELECT 3");
    }

    @Test
    void split_caseStatementAndCaseExpression_nestInsideABody() {
        String procedure = "CREATE PROCEDURE c(x INT) BEGIN CASE x WHEN 1 THEN SET @y = CASE WHEN x THEN 1 END;"
                + " ELSE SELECT CASE x WHEN 2 THEN 'b' ELSE 'c' END; END CASE; SELECT 1; END";
        assertThat(texts(my(procedure + "; SELECT 2;"))).containsExactly(procedure, "SELECT 2");
    }

    @Test
    void split_routineWithSingleStatementBody_endsAtItsSemicolon() {
        assertThat(texts(my("CREATE FUNCTION f() RETURNS INT RETURN 1; CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW"
                        + " SET NEW.a = 1; CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM x; SELECT 1;")))
                .containsExactly("CREATE FUNCTION f() RETURNS INT RETURN 1",
                        "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1",
                        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM x", "SELECT 1");
    }

    @Test
    void split_columnsNamedLikeKeywords_doNotOpenOrCloseBlocks() {
        String procedure = "CREATE PROCEDURE w() BEGIN SELECT begin, end, t.end, end.x, @begin, `begin`, end_date"
                + " FROM t WHERE IF(a, 1, 2) = REPEAT('a', 1); DROP TABLE IF EXISTS x; END";
        assertThat(texts(my(procedure + "; SELECT 2"))).containsExactly(procedure, "SELECT 2");
    }

    @Test
    void split_unclosedBegin_throwsNamingItsLineAndColumn() {
        assertThatThrownBy(() -> my("SELECT 1;\nCREATE PROCEDURE p()\n  BEGIN\n  SELECT 1;\n"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Unclosed BEGIN in V1__test.sql at line 3, column 3: the script ends before its END."
                        + " Close it with END, or quote a name spelled like a keyword in backticks; a routine written"
                        + " between DELIMITER // and DELIMITER ; is split on // alone.");
    }

    @Test
    void split_unclosedIfInsideBegin_namesBoth() {
        assertThatThrownBy(() -> my("CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN\n    SELECT 1;\n"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageStartingWith("Unclosed IF in V1__test.sql at line 3, column 3 (inside the BEGIN at line 2,"
                        + " column 1): the script ends before its END IF. Close it with END IF,");
    }

    @Test
    void split_delimiterBlock_isSplitOnTheDelimiterAloneAsBefore() {
        // Under DELIMITER //, blocks are not counted: an unbalanced body is the server's to reject, as before.
        assertThat(texts(my("DELIMITER //\nCREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END //\nDELIMITER ;\nSELECT 2;")))
                .containsExactly("CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END", "SELECT 2");
    }

    @Test
    void split_postgres_isUnchanged() {
        assertThat(new SqlSplitter(SqlSplitter.Syntax.POSTGRESQL)
                        .split("CREATE PROCEDURE p() BEGIN SELECT 1; END; BEGIN; END;", "V1__test.sql"))
                .extracting(ParsedStatement::text)
                .containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1", "END", "BEGIN", "END");
    }

    @Test
    void split_manyNestedBlocks_staysLinear() {
        int n = 20_000;
        String body = "IF 1 THEN ".repeat(n) + "SELECT 1; " + "END IF; ".repeat(n);
        String script = "CREATE PROCEDURE deep() BEGIN " + body + "END;\nSELECT 2;\n" + "BEGIN NOT ATOMIC CASE ".repeat(n);
        long start = System.nanoTime();
        assertThatThrownBy(() -> my(script))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("in V1__test.sql at line 3, column ")
                .hasMessageContaining("(inside the BEGIN at line 3, column 1)");
        String closed = "CREATE PROCEDURE deep() BEGIN " + body + "END;\nSELECT 2;\n";
        assertThat(texts(my(closed))).hasSize(2).endsWith("SELECT 2");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    /** The fuzz target's grammar of compound statements, on 20,000 fixed pseudo-random inputs in the plain test run. */
    @Test
    void split_generatedRoutines_splitWholeWithAndWithoutDelimiter() {
        java.util.Random random = new java.util.Random(17);
        for (int k = 0; k < 20_000; k++) {
            byte[] input = new byte[random.nextInt(120)];
            random.nextBytes(input);
            SqlSplitterFuzzTest.checkGeneratedRoutine(input);
        }
    }

    private static String corpus() throws IOException {
        try (InputStream in = MysqlCompoundSplitTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The statements the corpus says it holds, by a rule independent of the splitter: the text between two marker
     * lines, less DELIMITER lines, whitespace and the delimiter at its end, starting at its first line. Chunks of
     * comment lines alone are the corpus's own notes.
     */
    private static List<ParsedStatement> expectedFromMarkers(String corpus) {
        List<ParsedStatement> expected = new ArrayList<>();
        String[] lines = corpus.split("\n", -1);
        String delimiter = ";";
        StringBuilder chunk = new StringBuilder();
        int chunkLine = 0;
        boolean onlyComments = true;
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k];
            if (line.equals(MARKER)) {
                if (chunkLine > 0 && !onlyComments) {
                    String text = chunk.toString().strip();
                    assertThat(text).as("statement at line %d ends with %s", chunkLine, delimiter).endsWith(delimiter);
                    expected.add(new ParsedStatement(
                            text.substring(0, text.length() - delimiter.length()).strip(), chunkLine, false));
                }
                chunk.setLength(0);
                chunkLine = 0;
                onlyComments = true;
            } else if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                delimiter = line.substring("DELIMITER ".length()).strip();
            } else if (!line.isBlank()) {
                if (chunkLine == 0) {
                    chunkLine = k + 1;
                }
                onlyComments &= line.startsWith("--");
                chunk.append(line).append('\n');
            }
        }
        return expected;
    }

    /** Hands over one character per read: every statement spans many reads. */
    private static final class OneCharacterReader extends Reader {
        private final StringReader in;

        OneCharacterReader(String text) {
            this.in = new StringReader(text);
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            return in.read(cbuf, off, Math.min(len, 1));
        }

        @Override
        public void close() {}
    }
}
