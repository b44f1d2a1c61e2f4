package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptParseException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile script input every backend refuses the same way (issue 16, items 7 and 8): a NUL character never reaches the
 * server, script names cannot hide behind invisible characters. Every refusal happens before anything of the script
 * runs. Placeholder values, whose escaping is the backend's language, are each backend's own tests.
 */
public abstract class ScriptInputContract extends KitSupport {

    @TempDir
    Path dir;

    @Test
    public void nulCharacter_isRefusedAtParseTimeNamingFileLineAndColumn_andNothingRuns() {
        KitServer s = server();
        String third = s.insertText("before_nul", 2, "v", "a\u0000b");
        Path file = write(dir, "V1__nul" + s.scriptFileExtension(),
                s.script(s.createTable("before_nul", "v"), s.insert("before_nul", 1), third) + "\n");
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        // Each statement starts a line of its own: the NUL is on line 3, at its place in the third statement.
        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__nul (" + file + ") line 3, column " + (third.indexOf('\u0000') + 1) + " holds a"
                        + " NUL character (\\u0000), which no database accepts in script text. Remove it; to store a zero"
                        + " byte, write an escape such as decode('00', 'hex') on PostgreSQL or X'00' on MySQL. Nothing"
                        + " of the script was run.");
        assertThat(tableExists("before_nul")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    public void scriptFileName_withDirectionOverride_isRefusedNamingTheFileEscaped() {
        String extension = server().scriptFileExtension();
        Path file = write(dir, "V1__users\u202Elqs" + extension, server().script(server().createTable("users")));

        assertThatThrownBy(() -> builder().locations("filesystem:" + dir).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script file " + dir + "/V1__users\\u202Elqs" + extension + " has a name with the character"
                        + " \\u202E (RIGHT-TO-LEFT OVERRIDE), which could disguise it in logs and status. Rename the file"
                        + " with visible characters only.");
        assertThat(file).exists();
    }

    @Test
    public void scriptNameInCode_withFormatOrControlCharacter_isRefused() {
        KitServer s = server();
        Script zeroWidth = Script.of("1", "drop\u200Busers", s.script(s.createTable("users")), null);
        Script bell = Script.of("2", "be\u0007ll", s.script(s.createTable("bell")), null);

        assertThatThrownBy(() -> builder().script(zeroWidth).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessage("Script V1__drop\\u200Busers (code) has a name with the character \\u200B (ZERO WIDTH SPACE),"
                        + " which could disguise it in logs and status. Give it a name of visible characters only.");
        assertThatThrownBy(() -> builder().script(bell).build())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("\\u0007 (BEL)");
    }
}
