package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.Callback;
import dev.migrator.api.CallbackEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callback files and {@link Callback}s: their order, their transactions and their failures ({@code RepeatableContract}
 * checks the lock with callbacks on every backend).
 */
abstract class AbstractCallbackTest extends ItSupport {

    @TempDir
    Path dir;

    AbstractCallbackTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @BeforeEach
    void logTable() {
        sql(postgres()
                ? "CREATE TABLE cb_log (id serial primary key, event varchar(60))"
                : "CREATE TABLE cb_log (id int auto_increment primary key, event varchar(60))");
    }

    private List<String> log() {
        return queryStrings("SELECT event FROM cb_log ORDER BY id");
    }

    private void logFile(String event) {
        write(dir, event + ".sql", "INSERT INTO cb_log (event) VALUES ('" + event + "');");
    }

    @Test
    void migrateAndRollback_callbackFilesAndCode_runInOrderAroundEveryScript() {
        write(dir, "V1__t.sql", "CREATE TABLE t (id int primary key);");
        write(dir, "V2__u.sql", "CREATE TABLE u (id int primary key);");
        write(dir, "U2__u.sql", "DROP TABLE u;");
        write(dir, "R__t_view.sql", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t;");
        for (CallbackEvent e : CallbackEvent.values()) {
            logFile(e.fileName());
        }
        // tag::callbacks-in-code[]
        Callback code = (event, context) -> context.execute("INSERT INTO cb_log (event) VALUES ('code " + event.fileName() + "')");
        MigrationManager m = track(builder().locations("filesystem:" + dir).callback(code).build());

        m.migrate();

        List<String> each = List.of("beforeEachMigrate", "code beforeEachMigrate", "afterEachMigrate", "code afterEachMigrate");
        List<String> expected = new ArrayList<>(List.of("beforeMigrate", "code beforeMigrate"));
        for (int i = 0; i < 3; i++) { // V1, V2, R__t_view
            expected.addAll(each);
        }
        expected.addAll(List.of("afterMigrate", "code afterMigrate"));
        assertThat(log()).containsExactlyElementsOf(expected);
        // end::callbacks-in-code[]
        // Callback files are not scripts: the history holds the two scripts and the repeatable one only.
        assertThat(history()).extracting(r -> r.version() + ":" + r.name()).containsExactly("1:t", "2:u", "null:t_view");

        // Nothing to apply: beforeMigrate and afterMigrate still run.
        sql("DELETE FROM cb_log");
        m.migrate();
        assertThat(log()).containsExactly("beforeMigrate", "code beforeMigrate", "afterMigrate", "code afterMigrate");

        sql("DELETE FROM cb_log");
        m.rollback(1);
        assertThat(log()).containsExactly("beforeRollback", "code beforeRollback", "beforeEachRollback",
                "code beforeEachRollback", "afterEachRollback", "code afterEachRollback", "afterRollback", "code afterRollback");
        assertThat(tableExists("u")).isFalse();
    }

    @Test
    void migrate_afterEachFails_failsNamingCallbackAndRunsAfterMigrateError() {
        write(dir, "V1__t.sql", "CREATE TABLE t (id int primary key);");
        write(dir, "afterEachMigrate.sql", "INSERT INTO cb_log (event) VALUES ('afterEachMigrate');\nINSERT INTO no_such_table VALUES (1);");
        logFile("afterMigrateError");
        logFile("afterMigrate");
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());
        String script = "V1__t (" + dir.resolve("V1__t.sql") + ")";

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.scriptName()).isEqualTo("afterEachMigrate");
                    assertThat(e.statementIndex()).isEqualTo(2);
                })
                .hasMessageStartingWith("Callback afterEachMigrate (" + dir.resolve("afterEachMigrate.sql") + ") failed on "
                        + defaultTarget() + " at statement 2 of 2 (line 2): INSERT INTO no_such_table VALUES (1)")
                .hasMessageEndingWith(postgres()
                        ? "It ran in the transaction of " + script + ", which was rolled back: nothing of that script was "
                                + "applied. Fix the callback and run again."
                        : script + " ran outside a transaction and stays applied and recorded. Fix the callback and run again.");

        if (postgres()) {
            // The callback ran inside the script's transaction: the script and the callback's first insert are undone.
            assertThat(tableExists("t")).isFalse();
            assertThat(history()).isEmpty();
            assertThat(log()).containsExactly("afterMigrateError");
        } else {
            assertThat(tableExists("t")).isTrue();
            assertThat(history()).extracting(r -> r.version() + ":" + r.success()).containsExactly("1:true");
            assertThat(log()).containsExactly("afterEachMigrate", "afterMigrateError");
        }
    }

    @Test
    void migrate_beforeMigrateFails_runsNoScriptAndNamesTheCallback() {
        write(dir, "V1__t.sql", "CREATE TABLE t (id int primary key);");
        write(dir, "beforeMigrate.sql", "INSERT INTO no_such_table VALUES (1);");
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageStartingWith("Callback beforeMigrate (" + dir.resolve("beforeMigrate.sql") + ") failed on "
                        + defaultTarget() + " at statement 1 of 1 (line 1): INSERT INTO no_such_table VALUES (1)")
                .hasMessageEndingWith("Fix the callback and run again.");
        assertThat(tableExists("t")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void build_callbackAndRepeatableFiles_areNeitherScriptsNorWarnedAbout() {
        write(dir, "V1__t.sql", "CREATE TABLE t (id int primary key);");
        write(dir, "R__t_view.sql", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t;");
        logFile("beforeMigrate");
        logFile("afterMigrateError");
        write(dir, "before_migrate.sql", "INSERT INTO cb_log (event) VALUES ('misnamed');"); // no callback name
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            track(builder().locations("filesystem:" + dir).build()).migrate();
        } finally {
            System.setErr(original);
        }

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Ignoring " + dir.resolve("before_migrate.sql"));
        assertThat(log).doesNotContain("Ignoring " + dir.resolve("beforeMigrate.sql"))
                .doesNotContain("Ignoring " + dir.resolve("afterMigrateError.sql"))
                .doesNotContain("Ignoring " + dir.resolve("R__t_view.sql"));
        assertThat(log()).containsExactly("beforeMigrate");
        assertThat(history()).extracting(r -> r.version() + ":" + r.name()).containsExactly("1:t", "null:t_view");
    }
}
