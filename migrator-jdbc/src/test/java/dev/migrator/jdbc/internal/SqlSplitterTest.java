package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<ParsedStatement> pg(String sql) {
        return new SqlSplitter(SqlSplitter.Syntax.POSTGRESQL).split(sql, "V1__test.sql");
    }

    private static List<ParsedStatement> my(String sql) {
        return new SqlSplitter(SqlSplitter.Syntax.MYSQL).split(sql, "V1__test.sql");
    }

    private static List<String> texts(List<ParsedStatement> statements) {
        return statements.stream().map(ParsedStatement::text).toList();
    }

    @Test
    void split_simpleStatements_splitsOnSemicolonAndTrims() {
        assertThat(texts(pg("CREATE TABLE a (id int);\n  INSERT INTO a VALUES (1) ;\nSELECT 1")))
                .containsExactly("CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1");
    }

    @Test
    void split_emptyAndWhitespaceOnly_returnsNothing() {
        assertThat(pg("")).isEmpty();
        assertThat(pg(" \n\t\r\n ")).isEmpty();
        assertThat(pg(";;; ;\n;")).isEmpty();
        assertThat(my("")).isEmpty();
    }

    @Test
    void split_commentOnlyStatements_areDropped() {
        assertThat(texts(pg("-- only a comment\n/* and a block */;\nSELECT 1;\n-- trailing comment\n")))
                .containsExactly("SELECT 1");
        assertThat(texts(my("# hash comment\n-- dash comment\n;SELECT 2;/* tail */"))).containsExactly("SELECT 2");
    }

    @Test
    void split_semicolonInLineComment_isIgnored() {
        assertThat(texts(pg("SELECT 1 -- not here; nor here\n+ 1;SELECT 2")))
                .containsExactly("SELECT 1 -- not here; nor here\n+ 1", "SELECT 2");
    }

    @Test
    void split_semicolonInBlockComment_isIgnored() {
        assertThat(texts(pg("SELECT /* a; b */ 1; SELECT 2"))).containsExactly("SELECT /* a; b */ 1", "SELECT 2");
    }

    @Test
    void split_nestedBlockCommentOnPostgres_isOneComment() {
        assertThat(texts(pg("SELECT /* outer /* inner; */ still comment; */ 1; SELECT 2")))
                .containsExactly("SELECT /* outer /* inner; */ still comment; */ 1", "SELECT 2");
    }

    @Test
    void split_blockCommentOnMysql_doesNotNest() {
        assertThat(texts(my("SELECT /* a /* b */ 1; SELECT 2"))).containsExactly("SELECT /* a /* b */ 1", "SELECT 2");
    }

    @Test
    void split_singleQuotedStringWithDoubledQuote_keepsSemicolon() {
        assertThat(texts(pg("INSERT INTO t VALUES ('it''s; fine'); SELECT 2")))
                .containsExactly("INSERT INTO t VALUES ('it''s; fine')", "SELECT 2");
    }

    @Test
    void split_backslashInStandardPostgresString_isLiteral() {
        // standard_conforming_strings: 'C:\' is a complete string; the backslash escapes nothing.
        assertThat(texts(pg("SELECT 'C:\\'; SELECT 2"))).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void split_postgresEscapeString_honoursBackslashEscapes() {
        assertThat(texts(pg("SELECT E'it\\'s; ok'; SELECT e'\\\\'; SELECT 3")))
                .containsExactly("SELECT E'it\\'s; ok'", "SELECT e'\\\\'", "SELECT 3");
    }

    @Test
    void split_identifierEndingInE_isNotAnEscapeString() {
        // time'..' is a typed literal: the 'e' ends a word, so the string is standard and the backslash literal.
        assertThat(texts(pg("SELECT time'C:\\'; SELECT 2"))).containsExactly("SELECT time'C:\\'", "SELECT 2");
    }

    @Test
    void split_doubleQuotedIdentifier_keepsSemicolonAndDoubledQuotes() {
        assertThat(texts(pg("CREATE TABLE \"a;\"\"b\" (id int); SELECT 2")))
                .containsExactly("CREATE TABLE \"a;\"\"b\" (id int)", "SELECT 2");
    }

    @Test
    void split_mysqlBacktickIdentifier_keepsSemicolon() {
        assertThat(texts(my("CREATE TABLE `a;``b` (id int); SELECT 2")))
                .containsExactly("CREATE TABLE `a;``b` (id int)", "SELECT 2");
    }

    @Test
    void split_mysqlBackslashEscapes_inSingleAndDoubleQuotes() {
        assertThat(texts(my("INSERT INTO t VALUES ('it\\'s; x', \"say \\\"hi;\\\"\"); SELECT 2")))
                .containsExactly("INSERT INTO t VALUES ('it\\'s; x', \"say \\\"hi;\\\"\")", "SELECT 2");
    }

    @Test
    void split_mysqlHashComment_isIgnored() {
        assertThat(texts(my("SELECT 1 # comment; here\n; SELECT 2"))).containsExactly("SELECT 1 # comment; here", "SELECT 2");
    }

    @Test
    void split_hashOnPostgres_isAnOperator() {
        assertThat(texts(pg("SELECT 5 # 3; SELECT 2"))).containsExactly("SELECT 5 # 3", "SELECT 2");
    }

    @Test
    void split_mysqlDoubleDashWithoutSpace_isNotAComment() {
        assertThat(texts(my("SELECT 5--3; SELECT 2"))).containsExactly("SELECT 5--3", "SELECT 2");
        assertThat(texts(my("SELECT 5 -- 3; x\n; SELECT 2"))).containsExactly("SELECT 5 -- 3; x", "SELECT 2");
    }

    @Test
    void split_mysqlExecutableComment_isAStatement() {
        assertThat(texts(my("/*!40101 SET NAMES utf8mb4 */;\n/* plain */;\nSELECT 1;")))
                .containsExactly("/*!40101 SET NAMES utf8mb4 */", "SELECT 1");
    }

    @Test
    void split_dollarQuotedFunctionBody_isOneStatement() {
        String fn = "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1; -- inner;\nEND;\n$$ LANGUAGE plpgsql";
        assertThat(texts(pg(fn + ";\nSELECT f();"))).containsExactly(fn, "SELECT f()");
    }

    @Test
    void split_taggedDollarQuote_containingPlainDollarQuotes() {
        String fn = "CREATE FUNCTION g() RETURNS text AS $body$ SELECT $$a;b$$ || 'c;' $body$ LANGUAGE sql";
        assertThat(texts(pg(fn + "; SELECT 2"))).containsExactly(fn, "SELECT 2");
    }

    @Test
    void split_positionalParameters_areNotDollarQuotes() {
        assertThat(texts(pg("PREPARE p (int, int) AS SELECT $1 + $2; EXECUTE p(1, 2)")))
                .containsExactly("PREPARE p (int, int) AS SELECT $1 + $2", "EXECUTE p(1, 2)");
    }

    @Test
    void split_dollarInsideIdentifier_isNotAQuote() {
        assertThat(texts(pg("SELECT a$$b FROM t; SELECT 2"))).containsExactly("SELECT a$$b FROM t", "SELECT 2");
    }

    @Test
    void split_mysqlDelimiterBlock_keepsProcedureWholeAndDropsDelimiterLines() {
        String script = "CREATE TABLE t (id int);\n"
                + "DELIMITER //\n"
                + "CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n  SELECT 1;\nEND//\n"
                + "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END //\n"
                + "DELIMITER ;\n"
                + "CALL p();\n";
        List<ParsedStatement> statements = my(script);
        assertThat(texts(statements))
                .containsExactly(
                        "CREATE TABLE t (id int)",
                        "CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n  SELECT 1;\nEND",
                        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END",
                        "CALL p()");
        assertThat(statements).extracting(ParsedStatement::line).containsExactly(1, 3, 8, 10);
    }

    @Test
    void split_mysqlDelimiterIsCaseInsensitiveAndMultiCharacter() {
        assertThat(texts(my("delimiter $$\nSELECT 1; SELECT 2$$\ndelimiter ;\nSELECT 3;")))
                .containsExactly("SELECT 1; SELECT 2", "SELECT 3");
    }

    /** Regression: "END$$" was read as one word, so the $$ delimiter was missed and the rest of the script merged. */
    @Test
    void split_dollarDelimiterRightAfterAWord_endsTheStatement() {
        assertThat(texts(my("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;")))
                .containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 2");
        assertThat(texts(my("DELIMITER GO\nSELECT ago GO\nDELIMITER ;\nSELECT 2;")))
                .containsExactly("SELECT ago", "SELECT 2");
    }

    @Test
    void split_delimiterWithoutValue_throwsWithLine() {
        assertThatThrownBy(() -> my("SELECT 1;\nDELIMITER\nSELECT 2"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("V1__test.sql")
                .hasMessageContaining("line 2");
    }

    @Test
    void split_lineNumbers_pointAtFirstSignificantCharacter() {
        String script = "-- header\n\n/* block\n comment */\n  SELECT 1;\n\nSELECT\n 'a\nb';\n-- c\n   INSERT INTO t\nVALUES (1)";
        List<ParsedStatement> statements = pg(script);
        assertThat(statements).extracting(ParsedStatement::line).containsExactly(5, 7, 11);
        assertThat(texts(statements)).containsExactly("SELECT 1", "SELECT\n 'a\nb'", "INSERT INTO t\nVALUES (1)");
    }

    @Test
    void split_lineNumbers_countNewlinesInsideDollarQuotesAndComments() {
        String script = "DO $$\nBEGIN\nEND\n$$;\n/* x\ny */ SELECT 1;\nSELECT 2";
        assertThat(pg(script)).extracting(ParsedStatement::line).containsExactly(1, 6, 7);
    }

    @Test
    void split_windowsLineEndings_countLinesOnce() {
        assertThat(pg("SELECT 1;\r\n\r\nSELECT 2;\r\n")).extracting(ParsedStatement::line).containsExactly(1, 3);
    }

    @Test
    void split_unterminatedString_throwsNamingSourceLineAndColumn() {
        assertThatThrownBy(() -> pg("SELECT 1;\nSELECT 'abc;\nSELECT 2;"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Unterminated string in V1__test.sql starting at line 2, column 8. Close it with '"
                        + " (write '' for a ' inside it).");
    }

    @Test
    void split_unterminatedBlockComment_throwsWithPosition() {
        assertThatThrownBy(() -> pg("SELECT 1;\n  /* open /* nested */ still open"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageStartingWith("Unterminated block comment in V1__test.sql starting at line 2, column 3.");
    }

    @Test
    void split_unterminatedDollarQuote_throwsWithTag() {
        assertThatThrownBy(() -> pg("CREATE FUNCTION f() AS $fn$ BEGIN; END;"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("dollar-quoted body $fn$")
                .hasMessageContaining("line 1, column 24");
    }

    @Test
    void split_unterminatedIdentifiers_throw() {
        assertThatThrownBy(() -> pg("SELECT \"abc")).isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("quoted identifier");
        assertThatThrownBy(() -> my("SELECT `abc")).isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("quoted identifier");
        assertThatThrownBy(() -> my("SELECT 'it\\'s")).isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("line 1, column 8");
    }

    @Test
    void split_postgresNonTransactionalStatements_areMarked() {
        List<ParsedStatement> statements = pg("CREATE TABLE t (id int);\n"
                + "CREATE INDEX CONCURRENTLY i1 ON t (id);\n"
                + "create unique index concurrently i2 on t (id);\n"
                + "-- leading comment\n/* and block */ DROP INDEX CONCURRENTLY IF EXISTS i1;\n"
                + "REINDEX INDEX CONCURRENTLY i2;\n"
                + "REINDEX (VERBOSE) TABLE CONCURRENTLY t;\n"
                + "VACUUM ANALYZE t;\n"
                + "CREATE DATABASE x;\n"
                + "DROP DATABASE x;\n"
                + "ALTER SYSTEM SET work_mem = '8MB';\n"
                + "CREATE TABLESPACE ts LOCATION '/tmp/ts';\n"
                + "DROP TABLESPACE ts;\n"
                + "CREATE INDEX i3 ON t (id);\n"
                + "REINDEX INDEX i3;\n"
                + "DROP INDEX i3;\n"
                + "ALTER TABLE t ADD COLUMN concurrently int;\n"
                + "CREATE /* c */ INDEX /* d */ CONCURRENTLY i4 ON t (id);\n");
        assertThat(statements).extracting(ParsedStatement::requiresNoTransaction)
                .containsExactly(false, true, true, true, true, true, true, true, true, true, true, true, false, false,
                        false, false, true);
    }

    @Test
    void split_mysql_neverMarksNonTransactional() {
        assertThat(my("CREATE DATABASE x; VACUUM")).extracting(ParsedStatement::requiresNoTransaction)
                .containsExactly(false, false);
    }

    @Test
    void split_noTrailingDelimiter_keepsLastStatement() {
        assertThat(texts(pg("SELECT 1;\nSELECT 2\n\n"))).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void split_200KbScript_isFast() {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        while (sb.length() < 200_000) {
            sb.append("-- row ").append(count).append("\nINSERT INTO t (a, b) VALUES (")
                    .append(count).append(", 'it''s; ").append(count).append("') /* c; */;\n")
                    .append("CREATE FUNCTION f").append(count).append("() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n");
            count += 2;
        }
        String script = sb.toString();
        SqlSplitter splitter = new SqlSplitter(SqlSplitter.Syntax.POSTGRESQL);
        for (int i = 0; i < 5; i++) {
            splitter.split(script, "warmup.sql");
        }
        long start = System.nanoTime();
        List<ParsedStatement> statements = splitter.split(script, "big.sql");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(statements).hasSize(count);
        assertThat(millis).as("milliseconds to split 200 KB").isLessThan(200);
    }

    @Test
    void split_pathologicalInput_staysLinear() {
        // Many openers without closers must not make the scan quadratic.
        String script = "SELECT " + "$1 ".repeat(50_000) + "/ ".repeat(50_000) + "- ".repeat(50_000) + ";";
        long start = System.nanoTime();
        assertThat(pg(script)).hasSize(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
    }

    /** Issue 16 item 6: statements are read as they come, whatever the reader hands over at a time. */
    @Test
    void statements_readerGivingOneCharacterAtATime_splitLikeTheWholeText() {
        String pg = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
                + "/* a /* nested */ comment; */ INSERT INTO t VALUES (E'it\\'s;', 'x''y;');\n"
                + "-- comment;\n\"quoted;\";\n" + "SELECT '" + "p".repeat(70_000) + "';\n" + "SELECT 2;\n";
        String mysql = "INSERT INTO t VALUES ('a\\';', \"b;\", `c;`); # c;\n-- c;\nDELIMITER //\n"
                + "CREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\n/*!40101 SET x=1 */;\n"
                + "SELECT '" + "m".repeat(70_000) + "'";
        for (int copies : new int[] {1, 3}) {
            assertThat(oneByOne(SqlSplitter.Syntax.POSTGRESQL, pg.repeat(copies)))
                    .isEqualTo(new SqlSplitter(SqlSplitter.Syntax.POSTGRESQL).split(pg.repeat(copies), "V1"))
                    .hasSize(5 * copies);
        }
        assertThat(oneByOne(SqlSplitter.Syntax.MYSQL, mysql))
                .isEqualTo(new SqlSplitter(SqlSplitter.Syntax.MYSQL).split(mysql, "V1"))
                .extracting(ParsedStatement::line)
                .containsExactly(1, 4, 6, 7);
    }

    @Test
    void statements_unterminatedStringFarIntoAStream_namesItsLineAndColumn() {
        String text = "SELECT 1;\n".repeat(50_000) + "  SELECT 'open";
        assertThatThrownBy(() -> oneByOne(SqlSplitter.Syntax.POSTGRESQL, text))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Unterminated string in V1 starting at line 50001, column 10. Close it with ' (write '' for a '"
                        + " inside it).");
    }

    private static List<ParsedStatement> oneByOne(SqlSplitter.Syntax syntax, String text) {
        Reader trickle = new Reader() {
            private final StringReader in = new StringReader(text);

            @Override
            public int read(char[] cbuf, int off, int len) throws java.io.IOException {
                return in.read(cbuf, off, Math.min(len, 1));
            }

            @Override
            public void close() {}
        };
        List<ParsedStatement> out = new ArrayList<>();
        new SqlSplitter(syntax).statements(trickle, "V1").forEachRemaining(out::add);
        return out;
    }
}
