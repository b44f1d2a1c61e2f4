package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * MariaDB only: DDL commits by itself, so a failing script is recorded as failed with the statements that completed;
 * migrate refuses until repair() or a resume from the failed statement.
 */
class MariaDbFailedScriptTest extends ItSupport {

    /** Statement 3 fails; statements 1 and 2 (tables a, b) stay, committed by the server. */
    private static final String BROKEN = "CREATE TABLE a (id int primary key);\n"
            + "CREATE TABLE b (id int primary key);\n"
            + "INSERT INTO missing_table VALUES (1);\n"
            + "CREATE TABLE c (id int primary key);\n";

    /** The same script with its third statement fixed. */
    private static final String FIXED = BROKEN.replace("INSERT INTO missing_table VALUES (1);", "CREATE TABLE missing_table (id int);");

    MariaDbFailedScriptTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    private MigrationManager managerWith(String text) {
        return manager(createTable("1", "users"), Script.of("2", "create_abc", text, null));
    }

    private void failOnce() {
        assertThatThrownBy(managerWith(BROKEN)::migrate).isInstanceOf(ScriptFailedException.class);
    }

    @Test
    void migrate_statementFailsMidScript_recordsFailedRowWithStatementsCompleted() {
        MigrationManager m = managerWith(BROKEN);

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCRIPT_FAILED);
                    assertThat(e.scriptName()).isEqualTo("create_abc");
                    assertThat(e.version().toString()).isEqualTo("2");
                    assertThat(e.statementIndex()).isEqualTo(3);
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.statementsCompleted()).isEqualTo(2);
                    assertThat(e.rolledBack()).isFalse();
                    assertThat(e.target()).isEqualTo(defaultTarget());
                })
                .hasMessageContaining("create_abc")
                .hasMessageContaining("missing_table")
                .hasMessageContaining("line 3");

        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isTrue();
        assertThat(tableExists("c")).isFalse();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:false:2");
    }

    @Test
    void status_afterFailure_showsFailedWithStatementsCompleted() {
        failOnce();

        assertThat(managerWith(BROKEN).status().scripts().get(1)).isInstanceOfSatisfying(ScriptStatus.Failed.class, f -> {
            assertThat(f.name()).isEqualTo("create_abc");
            assertThat(f.statementsCompleted()).isEqualTo(2);
            assertThat(f.failedAt()).isNotNull();
        });
    }

    @Test
    void migrate_afterFailure_refusesWithRepairHint() {
        failOnce();

        assertThatThrownBy(managerWith(FIXED)::migrate)
                .isInstanceOf(FailedMigrationPendingException.class)
                .hasMessageContaining("create_abc")
                .hasMessageContaining("repair")
                .satisfies(e -> assertThat(((FailedMigrationPendingException) e).code())
                        .isEqualTo(ErrorCode.FAILED_MIGRATION_PENDING));
        assertThat(tableExists("missing_table")).isFalse();
        assertThat(history()).extracting(HistoryRow::success).containsExactly(true, false);
    }

    @Test
    void migrateResumeFailed_afterFixingTheStatement_runsOnlyTheRemainingStatements() {
        failOnce();

        // CREATE TABLE a/b would fail if re-run: success proves statements 1 and 2 were skipped.
        managerWith(FIXED).migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(tableExists("missing_table")).isTrue();
        assertThat(tableExists("c")).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:true:4");
        assertThat(managerWith(FIXED).status().scripts()).extracting(ScriptStatus::state)
                .containsOnly(ScriptState.APPLIED);
    }

    @Test
    void migrateResumeFailed_afterFixingTheCauseOutside_runsOnlyTheRemainingStatements() {
        failOnce();
        sql("CREATE TABLE missing_table (id int)");

        managerWith(BROKEN).migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(rowCount("missing_table")).isEqualTo(1);
        assertThat(tableExists("c")).isTrue();
        assertThat(historyRow("2").success()).isTrue();
        assertThat(historyRow("2").statementsCompleted()).isEqualTo(4);
    }

    @Test
    void repair_afterFailure_removesFailedRowAndScriptRunsAgain() {
        failOnce();
        MigrationManager m = managerWith(FIXED);

        RepairResult repair = m.repair();

        assertThat(repair.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(RepairResult.Kind.REMOVED_FAILED_ENTRY);
            assertThat(a.version().toString()).isEqualTo("2");
        });
        assertThat(historyVersions()).containsExactly("1");
        assertThat(m.status().scripts().get(1)).isInstanceOf(ScriptStatus.Pending.class);

        sql("DROP TABLE a", "DROP TABLE b"); // undo the half-applied DDL by hand, as repair() documents
        m.migrate();

        assertThat(history()).extracting(r -> r.version() + ":" + r.success()).containsExactly("1:true", "2:true");
        assertThat(tableExists("c")).isTrue();
    }

    @Test
    void migrateSingleTransaction_isRejectedBeforeAnythingRuns() {
        MigrationManager m = manager(createTable("1", "a"));

        assertThatThrownBy(() -> m.migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("singleTransaction");

        assertThat(tableExists("a")).isFalse();
    }

    @Test
    void migrate_delimiterBlock_createsProcedure() {
        MigrationManager m = manager(Script.of("1", "create_procedure",
                "CREATE TABLE counter (v int);\n"
                        + "DELIMITER //\n"
                        + "CREATE PROCEDURE bump()\nBEGIN\n  INSERT INTO counter VALUES (1);\n  INSERT INTO counter VALUES (2);\nEND//\n"
                        + "DELIMITER ;\n"
                        + "CALL bump();\n", null));

        m.migrate();

        assertThat(rowCount("counter")).isEqualTo(2);
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3);
    }
}
