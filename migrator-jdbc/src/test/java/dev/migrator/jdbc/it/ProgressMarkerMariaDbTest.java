package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressMarkerMariaDbTest extends AbstractProgressMarkerTest {

    ProgressMarkerMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    String selfCommitting(int n) {
        return "CREATE TABLE d_" + n + " (id int)";
    }

    @Override
    boolean selfCommitted(int n) {
        return tableExists("d_" + n);
    }

    @Override
    String sleep(int seconds) {
        return "SELECT SLEEP(" + seconds + ")";
    }

    @Override
    boolean killSessionRunning(String prefix) {
        List<String> ids = queryStrings("SELECT id FROM information_schema.processlist WHERE info LIKE ? AND db = database() AND id <> connection_id()",
                prefix + "%");
        ids.forEach(id -> sql("KILL CONNECTION " + id));
        return !ids.isEmpty();
    }

    @Override
    void countHistoryWrites() {
        sql("CREATE TABLE history_writes (n int NOT NULL)", "INSERT INTO history_writes VALUES (0)",
                "CREATE TRIGGER history_inserted AFTER INSERT ON " + HISTORY + " FOR EACH ROW UPDATE history_writes SET n = n + 1",
                "CREATE TRIGGER history_updated AFTER UPDATE ON " + HISTORY + " FOR EACH ROW UPDATE history_writes SET n = n + 1");
    }

    @Test
    void migrate_groupMarkerRefused_rollsTheGroupBackAndTheHistoryCountsTheStatementsBeforeIt() {
        manager(createTable("1", "users")).migrate();
        // The server refuses the group's count (3) as it would a write to a full disk: the group must go with it.
        sql("CREATE TRIGGER refuse_count BEFORE UPDATE ON " + HISTORY + " FOR EACH ROW "
                + "IF NEW.statements_completed = 3 AND NOT NEW.success THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'count refused'; END IF");
        Script script = Script.of("2", "refused", "CREATE TABLE d_1 (id int);\nINSERT INTO g VALUES (1);\n"
                + "INSERT INTO g VALUES (2);\nCREATE TABLE d_2 (id int);\n", null);

        assertThatThrownBy(manager(createTable("1", "users"), script)::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.statementIndex()).isEqualTo(3);
                    assertThat(e.statementsCompleted()).isEqualTo(1);
                })
                .hasMessageContaining("at statement 3 of 4 (line 3): INSERT INTO g VALUES (2)")
                .hasMessageContaining("count refused")
                .hasMessageContaining("statement(s) 2 to 3 ran in one transaction whose progress record or commit failed, "
                        + "and were rolled back. The history records the script as failed after 1 statement(s).");
        assertThat(queryStrings("SELECT id FROM g")).isEmpty();
        assertThat(tableExists("d_2")).isFalse();
        assertThat(historyRow("2").statementsCompleted()).isEqualTo(1);
        assertThat(historyRow("2").success()).isFalse();

        sql("DROP TRIGGER refuse_count");
        manager(createTable("1", "users"), script).migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(queryStrings("SELECT id FROM g ORDER BY id")).containsExactly("1", "2");
        assertThat(historyRow("2").success()).isTrue();
    }
}
