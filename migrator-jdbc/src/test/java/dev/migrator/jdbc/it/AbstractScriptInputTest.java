package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptParseException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile script input (issue 16, items 5, 7, 8): placeholder values cannot add statements, a NUL character never
 * reaches the server, script names cannot hide behind invisible characters. Every refusal happens before anything of
 * the script runs: the sentinel table {@code victim} keeps its rows and the script's own table is not created.
 */
abstract class AbstractScriptInputTest extends ItSupport {

    static final String INJECTION = "x'); DELETE FROM victim; --";

    @TempDir
    Path dir;

    AbstractScriptInputTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @BeforeEach
    void createVictim() {
        sql("CREATE TABLE victim (id int primary key)", "INSERT INTO victim VALUES (1), (2), (3)");
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

        assertThat(queryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND lower(table_name) = 'mixedcase'", defaultSchema())).containsExactly("MixedCase");
    }

    @Test
    void nulCharacter_isRefusedAtParseTimeNamingFileLineAndColumn_andNothingRuns() {
        Path file = write(dir, "V1__nul.sql", "CREATE TABLE before_nul (id int);\n"
                + "INSERT INTO before_nul VALUES (1);\nSELECT 'a\u0000b';\n");
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__nul (" + file + ") line 3, column 10 holds a NUL character (\\u0000), which no"
                        + " database accepts in script text. Remove it; to store a zero byte, write an escape such as"
                        + " decode('00', 'hex') on PostgreSQL or X'00' on MySQL. Nothing of the script was run.");
        assertThat(tableExists("before_nul")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void scriptFileName_withDirectionOverride_isRefusedNamingTheFileEscaped() {
        Path file = write(dir, "V1__users\u202Elqs.sql", "CREATE TABLE users (id int)");

        assertThatThrownBy(() -> builder().locations("filesystem:" + dir).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script file " + dir + "/V1__users\\u202Elqs.sql has a name with the character \\u202E"
                        + " (RIGHT-TO-LEFT OVERRIDE), which could disguise it in logs and status. Rename the file with"
                        + " visible characters only.");
        assertThat(file).exists();
    }

    @Test
    void scriptNameInCode_withFormatOrControlCharacter_isRefused() {
        Script zeroWidth = Script.of("1", "drop\u200Busers", "CREATE TABLE users (id int)", null);
        Script bell = Script.of("2", "be\u0007ll", "CREATE TABLE bell (id int)", null);

        assertThatThrownBy(() -> builder().script(zeroWidth).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__drop\\u200Busers (code) has a name with the character \\u200B (ZERO WIDTH SPACE),"
                        + " which could disguise it in logs and status. Give it a name of visible characters only.");
        assertThatThrownBy(() -> builder().script(bell).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("\\u0007 (BEL)");
    }
}
