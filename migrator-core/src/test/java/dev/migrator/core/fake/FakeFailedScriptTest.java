package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failing script: rolled back whole where DDL is transactional; elsewhere recorded as failed with the statements that
 * completed, blocking later runs until resumeFailed or repair — the same sequence the MariaDB suite runs, in memory.
 */
class FakeFailedScriptTest extends FakeEngineSupport {

    /** Statement 3 fails; statements 1 and 2 (tables a, b) stay where DDL commits by itself. */
    private static final String BROKEN = "create a\ncreate b\nfail table missing_table does not exist\ncreate c";
    /** The same script with its third statement fixed. */
    private static final String FIXED = BROKEN.replace("fail table missing_table does not exist", "create missing_table");

    private MigrationManager autocommitManager(String text) {
        return track(autocommitDdlBuilder().scripts(List.of(createTable("1", "users"), Script.of("2", "create_abc", text, null)))
                .build());
    }

    private void failOnce() {
        assertThatThrownBy(autocommitManager(BROKEN)::migrate).isInstanceOf(ScriptFailedException.class);
    }

    @Test
    void migrate_statementFailsWhereDdlCommits_recordsFailedRowWithStatementsCompleted() {
        assertThatThrownBy(autocommitManager(BROKEN)::migrate)
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
                .hasMessageContaining("Script V2__create_abc (code) failed on core/main at statement 3 of 4 (line 3): "
                        + "fail table missing_table does not exist")
                .hasMessageContaining("Database said: table missing_table does not exist [SQLSTATE FAKE1]")
                .hasMessageContaining("2 statement(s) completed and stay applied (fake commits them immediately). The history "
                        + "records the script as failed after 2 statement(s). Fix the cause, then migrate with "
                        + "resumeFailed(true) to continue from statement 3, or undo the completed statements by hand and run repair().");

        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isTrue();
        assertThat(tableExists("c")).isFalse();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:false:2");
    }

    @Test
    void migrate_statementFailsWhereDdlIsTransactional_rollsTheScriptBackAndRecordsNothing() {
        MigrationManager m = manager(createTable("1", "users"), Script.of("2", "create_abc", BROKEN, null));

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.rolledBack()).isTrue();
                    assertThat(e.statementsCompleted()).isZero();
                })
                .hasMessageContaining("Nothing of this script was applied (its transaction was rolled back). Fix the script "
                        + "and run migrate again.");

        assertThat(tableExists("a")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
        assertThat(manager(createTable("1", "users"), Script.of("2", "create_abc", FIXED, null)).migrate().applied())
                .as("nothing blocks the fixed script").hasSize(1);
    }

    @Test
    void status_afterFailure_showsFailedWithStatementsCompleted() {
        failOnce();

        assertThat(autocommitManager(BROKEN).status().scripts().get(1)).isInstanceOfSatisfying(ScriptStatus.Failed.class, f -> {
            assertThat(f.name()).isEqualTo("create_abc");
            assertThat(f.statementsCompleted()).isEqualTo(2);
            assertThat(f.failedAt()).isNotNull();
        });
    }

    @Test
    void migrate_afterFailure_refusesWithResumeAndRepairHintsAndRunsNothing() {
        failOnce();

        assertThatThrownBy(autocommitManager(FIXED)::migrate)
                .isInstanceOfSatisfying(FailedMigrationPendingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_MIGRATION_PENDING))
                .hasMessageStartingWith("Cannot migrate core/main: V2__create_abc (code) failed in an earlier run on core/main")
                .hasMessageContaining("after 2 completed statement(s)")
                .hasMessageContaining("migrate with resumeFailed(true) to continue from statement 3, or undo the completed "
                        + "statements by hand and run repair() to clear the entry.");
        assertThat(tableExists("missing_table")).isFalse();
        assertThat(history()).extracting(r -> r.success()).containsExactly(true, false);
    }

    @Test
    void migrateResumeFailed_afterFixingTheStatement_runsOnlyTheRemainingStatements() {
        failOnce();

        // create a / create b would fail if run again ("already exists"): success proves statements 1 and 2 were skipped.
        autocommitManager(FIXED).migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(tableExists("missing_table")).isTrue();
        assertThat(tableExists("c")).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:true:4");
        assertThat(autocommitManager(FIXED).status().scripts()).extracting(ScriptStatus::state).containsOnly(ScriptState.APPLIED);
    }

    @Test
    void repair_afterFailure_removesFailedRowAndTheScriptRunsAgainFromTheStart() {
        failOnce();
        MigrationManager m = autocommitManager(FIXED);

        RepairResult repair = m.repair();

        assertThat(repair.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(RepairResult.Kind.REMOVED_FAILED_ENTRY);
            assertThat(a.version().toString()).isEqualTo("2");
        });
        assertThat(historyVersions()).containsExactly("1");
        assertThat(m.status().scripts().get(1)).isInstanceOf(ScriptStatus.Pending.class);

        // Undo the half-applied DDL by hand, as repair() documents.
        db.change(s -> {
            s.schema(SCHEMA).tables.remove("a");
            s.schema(SCHEMA).tables.remove("b");
        });
        m.migrate();

        assertThat(history()).extracting(r -> r.version() + ":" + r.success()).containsExactly("1:true", "2:true");
        assertThat(tableExists("c")).isTrue();
    }

    @Test
    void rollback_whileAFailedEntryIsRecorded_isRefused() {
        failOnce();

        assertThatThrownBy(() -> autocommitManager(FIXED).rollback(1))
                .isInstanceOf(FailedMigrationPendingException.class)
                .hasMessageStartingWith("Cannot roll back core/main: a failed script is recorded.");
        assertThat(historyVersions()).containsExactly("1", "2");
    }

    @Test
    void migrate_scriptDoesNotParse_runsNothingOfIt() {
        MigrationManager m = manager(createTable("1", "a"), Script.of("2", "typo", "create b\ncraete c", null));

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("unknown statement 'craete'")
                .hasMessageContaining("line 2")
                .hasMessageEndingWith("Nothing of the script was run.");

        assertThat(tableExists("b")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }
}
