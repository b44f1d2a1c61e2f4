package dev.migrator.jdbc.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTokensTest {

    @Test
    void tokens_dropCommentsAndKeepQuotedNamesAndStringsWhole() {
        SqlTokens t = SqlTokens.of("/* x */ ALTER TABLE \"My\"\"Tab\" -- note\n ADD COLUMN c text DEFAULT 'a,b'", false);

        assertThat(t.all()).extracting(SqlTokens.Token::text)
                .containsExactly("ALTER", "TABLE", "My\"Tab", "ADD", "COLUMN", "c", "text", "DEFAULT", "'a,b'");
        assertThat(t.at(2).kind()).isEqualTo(SqlTokens.Kind.QUOTED);
    }

    @Test
    void splitCommas_ignoresCommasInsideParenthesesAndStrings() {
        SqlTokens t = SqlTokens.of("ALTER TABLE t ADD c numeric(10,2) DEFAULT 'x,y', DROP d, ALGORITHM=INSTANT", true);

        assertThat(t.splitCommas(3, t.size())).extracting(r -> t.text(r.from(), r.to()))
                .containsExactly("ADD C NUMERIC(10, 2) DEFAULT 'x,y'", "DROP D", "ALGORITHM = INSTANT");
    }

    @Test
    void names_foldUnquotedOnPostgresAndKeepQuotedAsWritten() {
        SqlTokens t = SqlTokens.of("ON Public.\"Orders\" (a)", false);

        SqlTokens.QualifiedName name = t.name(1, true);
        assertThat(name.schema()).isEqualTo("public");
        assertThat(name.name()).isEqualTo("Orders");
        assertThat(name.end()).isEqualTo(4);
    }

    @Test
    void mysql_backticksAndHashComments() {
        SqlTokens t = SqlTokens.of("# leading\nALTER TABLE `or``ders` FORCE", true);

        assertThat(t.all()).extracting(SqlTokens.Token::text).containsExactly("ALTER", "TABLE", "or`ders", "FORCE");
    }

    @Test
    void dollarQuotedBodies_areOneString() {
        SqlTokens t = SqlTokens.of("DO $body$ BEGIN ALTER TABLE x DROP y; END $body$", false);

        assertThat(t.size()).isEqualTo(2);
        assertThat(t.at(1).kind()).isEqualTo(SqlTokens.Kind.STRING);
    }
}
