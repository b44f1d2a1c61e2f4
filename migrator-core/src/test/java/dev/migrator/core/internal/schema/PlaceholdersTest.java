package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ScriptSyntax;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    /** SQL-like: literals in single quotes, identifiers in double quotes, ';' refused raw. */
    static final ScriptSyntax SQL = new ScriptSyntax() {
        @Override
        public String literal(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        @Override
        public String identifier(String value) {
            if (!value.matches("[a-z_]+")) {
                throw new InvalidIdentifierException("Invalid identifier name '" + value + "'.");
            }
            return '"' + value + '"';
        }

        @Override
        public Optional<String> rawHazard(String value) {
            return value.contains(";") ? Optional.of("';' (a statement separator)") : Optional.empty();
        }
    };

    @Test
    void substitute_knownPlaceholders_replaced() {
        assertThat(Placeholders.substitute("CREATE TABLE ${schema}.t_${environment} (owner text default '${owner}')",
                Map.of("schema", "cli_dev", "environment", "dev", "owner", "app"), SQL, "V1__t.sql"))
                .isEqualTo("CREATE TABLE cli_dev.t_dev (owner text default 'app')");
    }

    @Test
    void substitute_unknownPlaceholder_throwsNamingScriptLineAndKey() {
        assertThatThrownBy(() -> Placeholders.substitute("SELECT 1;\nSELECT '${nope}';", Map.of("schema", "s"), SQL, "V2__x.sql"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V2__x.sql line 2, column 9: no value for placeholder ${nope}. Known: [schema]. Define it"
                        + " with placeholder(\"nope\", value) or under 'placeholders' in the configuration file.");
    }

    @Test
    void substitute_textWithoutPlaceholderSyntax_unchanged() {
        String text = "SELECT '${ not a key }', '${', '$1', $$body$$, '${other:x}', '${' || '}';";
        assertThat(Placeholders.substitute(text, Map.of(), SQL, "V1__x.sql")).isEqualTo(text);
    }

    @Test
    void substitute_literalIdentifierAndRawForms_quoteOrPasteTheValue() {
        Map<String, String> values = Map.of("v", "it's; --", "t", "users", "more", "; SELECT 2");

        assertThat(Placeholders.substitute("INSERT INTO ${identifier:t} VALUES (${literal:v})${raw:more};", values, SQL, "V1"))
                .isEqualTo("INSERT INTO \"users\" VALUES ('it''s; --'); SELECT 2;");
    }

    @Test
    void substitute_rawValueWithHazard_isRefusedWithoutShowingTheValue() {
        assertThatThrownBy(() -> Placeholders.substitute("x\n  ${v}", Map.of("v", "secret;"), SQL, "V1__x.sql"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__x.sql line 2, column 3: the value of placeholder ${v} contains ';' (a statement"
                        + " separator), so pasted into the script it could run statements of its own. Write ${literal:v} to"
                        + " insert it as a string literal or ${identifier:v} as a quoted name; write ${raw:v} only for a"
                        + " trusted value meant as script text.")
                .message()
                .doesNotContain("secret");
    }

    @Test
    void substitute_invalidIdentifier_isRefusedNamingThePlaceholder() {
        assertThatThrownBy(() -> Placeholders.substitute("DROP TABLE ${identifier:t}", Map.of("t", "a\"b; drop"), SQL, "V1"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1 line 1, column 12: the value of placeholder ${identifier:t} is not a valid name:"
                        + " Invalid identifier name 'a\"b; drop'.");
    }

    @Test
    void substitute_nulInTextOrValue_isRefusedNamingLineAndColumn() {
        assertThatThrownBy(() -> Placeholders.substitute("SELECT 1;\r\nSELECT 'a\0';", Map.of(), SQL, "V1__x.sql"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageStartingWith("Script V1__x.sql line 2, column 10 holds a NUL character (\\u0000)");
        assertThatThrownBy(() -> Placeholders.substitute("SELECT ${literal:v}", Map.of("v", "a\0"), SQL, "V1__x.sql"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageStartingWith("Script V1__x.sql line 1, column 8: the value of placeholder ${literal:v} holds a"
                        + " NUL character");
    }

    @Test
    void reader_readOneCharacterAtATime_givesTheSameText() throws IOException {
        String text = "A ${a} B ${literal:b}${a}$${a}${".repeat(500) + "${a}";
        Map<String, String> values = Map.of("a", "x", "b", "y'z");
        StringBuilder out = new StringBuilder();
        try (Reader in = Placeholders.reader(new StringReader(text), values, SQL, "V1", Checksums.of(text))) {
            for (int c; (c = in.read()) >= 0; ) {
                out.append((char) c);
            }
        }
        assertThat(out.toString()).isEqualTo(Placeholders.substitute(text, values, SQL, "V1"));
    }

    @Test
    void reader_textNoLongerHavingItsChecksum_isRefusedAtTheEnd() {
        assertThatThrownBy(() -> {
                    try (Reader in = Placeholders.reader(new StringReader("SELECT 2;"), Map.of(), SQL, "V1__x (x.sql)",
                            Checksums.of("SELECT 1;"))) {
                        in.transferTo(Writer.nullWriter());
                    }
                })
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__x (x.sql) changed since the manager was built: its checksum was "
                        + Checksums.of("SELECT 1;") + " and is now " + Checksums.of("SELECT 2;") + ". Build the manager"
                        + " again (restart the application) to apply the new text, and do not edit scripts while they run.");
    }
}
