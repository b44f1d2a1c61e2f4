package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptParseException;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.ScriptInputContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile script input on the JDBC servers (issue 16, items 5, 7, 8): the test kit's {@link ScriptInputContract} (NUL
 * characters, invisible characters in names), and placeholder values in SQL text, which cannot add statements. Every
 * refusal happens before anything of the script runs: the sentinel table {@code victim} keeps its rows and the
 * script's own table is not created.
 */
abstract class AbstractScriptInputTest extends ScriptInputContract {

    static final String INJECTION = "x'); DELETE FROM victim; --";

    @BeforeEach
    void createVictim() {
        database().execute(defaultSchema(), "CREATE TABLE victim (id int primary key)");
        database().execute(defaultSchema(), "INSERT INTO victim VALUES (1), (2), (3)");
    }

    /** The first column of every row of a query on the test database. */
    private List<String> queryStrings(String query) {
        List<String> values = new ArrayList<>();
        try (Connection c = JdbcKitServer.testDatabase(database()).connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + query + ": " + e.getMessage(), e);
        }
        return values;
    }

    private static Script insertOwner(String placeholder) {
        return Script.of("1", "add_owner", "CREATE TABLE owners (name varchar(200));\n"
                + "INSERT INTO owners VALUES (" + placeholder + ");\n", null);
    }

    @Test
    void rawPlaceholder_valueWithStatementSeparator_isRefusedNamingItAndRunsNothing() {
        MigrationManager m = track(builder().placeholder("owner", INJECTION).script(insertOwner("'${owner}'")).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__add_owner (code) line 2, column 29: the value of placeholder ${owner} contains"
                        + " ';' (a statement separator), so pasted into the script it could run statements of its own."
                        + " Write ${literal:owner} to insert it as a string literal or ${identifier:owner} as a quoted"
                        + " name; write ${raw:owner} only for a trusted value meant as script text."
                        + " Nothing of the script was run.");

        assertThat(rowCount("victim")).isEqualTo(3);
        assertThat(tableExists("owners")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void rawPlaceholder_valueWithCommentOpener_isRefused() {
        MigrationManager m = track(builder().placeholder("owner", "x /* y").script(insertOwner("'${owner}'")).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("the value of placeholder ${owner} contains '/*' (a comment opener)");
        assertThat(tableExists("owners")).isFalse();
    }

    @Test
    void literalPlaceholder_storesTheInjectionStringVerbatim() {
        String value = INJECTION + " \\' \\\\ \" ` # /* $$ end";
        MigrationManager m = track(builder().placeholder("owner", value).script(insertOwner("${literal:owner}")).build());

        m.migrate();

        assertThat(queryStrings("SELECT name FROM owners")).containsExactly(value);
        assertThat(rowCount("victim")).isEqualTo(3);
    }

    @Test
    void rawMarker_pastesATrustedValueAsScriptText() {
        MigrationManager m = track(builder()
                .placeholder("more", "; INSERT INTO owners VALUES ('second')")
                .script(Script.of("1", "add_owners", "CREATE TABLE owners (name varchar(200));\n"
                        + "INSERT INTO owners VALUES ('first')${raw:more};\n", null))
                .build());

        m.migrate();

        assertThat(queryStrings("SELECT name FROM owners ORDER BY name")).containsExactly("first", "second");
    }

    @Test
    void identifierPlaceholder_hostileName_isRefusedAndRunsNothing() {
        MigrationManager m = track(builder().placeholder("t", "a\"b; drop")
                .script(Script.of("1", "create_named", "CREATE TABLE ${identifier:t} (id int);\nDELETE FROM victim;", null))
                .build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__create_named (code) line 1, column 14: the value of placeholder ${identifier:t}"
                        + " is not a valid name: Invalid identifier name 'a\"b; drop': use a letter or '_' then up to 62"
                        + " letters, digits or '_' ([A-Za-z_][A-Za-z0-9_]{0,62}), e.g. app or cli_dev. It is never"
                        + " concatenated into SQL unchecked. Nothing of the script was run.");
        assertThat(rowCount("victim")).isEqualTo(3);
    }

    @Test
    void identifierPlaceholder_validName_isQuoted() {
        // Quoted, the name keeps its case; unquoted, PostgreSQL would fold it to mixedcase.
        MigrationManager m = track(builder().placeholder("t", "MixedCase")
                .script(Script.of("1", "create_named", "CREATE TABLE ${identifier:t} (id int)", null))
                .build());

        m.migrate();

        assertThat(database().tables(defaultSchema())).filteredOn(t -> t.equalsIgnoreCase("mixedcase"))
                .containsExactly("MixedCase");
    }
}
