package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BaselineResult;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptStatus;
import dev.migrator.spi.HistoryRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rollback planned from history (downs newest first, all or nothing) and baseline — in memory. */
class FakeRollbackBaselineTest extends FakeEngineSupport {

    private static final Script A = createTable("1", "a");
    private static final Script B = createTable("2", "b");
    private static final Script C = createTable("3", "c");
    private static final Script B_WITHOUT_DOWN = Script.of("2", "create_b", "create b", null);

    private MigrationManager migrated(Script... scripts) {
        MigrationManager m = manager(scripts);
        m.migrate();
        return m;
    }

    @Test
    void rollbackOne_undoesNewestScriptAndRemovesItsHistoryRowThenItIsPendingAgain() {
        MigrationManager m = migrated(A, B, C);

        RollbackResult result = m.rollback(1);

        assertThat(result.rolledBack()).singleElement().satisfies(e -> {
            assertThat(e.version().toString()).isEqualTo("3");
            assertThat(e.name()).isEqualTo("create_c");
            assertThat(e.target()).isEqualTo(defaultTarget());
        });
        assertThat(tableExists("c")).isFalse();
        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2");

        m.migrate();

        assertThat(tableExists("c")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }

    @Test
    void rollbackSteps_runsDownsNewestFirstByRankNotByVersion() {
        manager(A, C).migrate();
        MigrationManager m = track(builder().outOfOrder(true).scripts(List.of(A, B, C)).build());
        m.migrate(); // 2 is applied after 3: newest by rank

        RollbackResult result = m.rollback(2);

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("2", "3");
        assertThat(historyVersions()).containsExactly("1");
        assertThat(tableExists("a")).isTrue();
    }

    @Test
    void rollbackTo_undoesEverythingNewerAndKeepsThatVersion() {
        MigrationManager m = migrated(A, B, C);

        RollbackResult result = m.rollbackTo("1");

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("c")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void rollback_missingDownAmongNeeded_throwsNamingItAndRollsBackNothing() {
        MigrationManager m = migrated(A, B_WITHOUT_DOWN, C);

        assertThatThrownBy(() -> m.rollback(2))
                .isInstanceOfSatisfying(MissingDownScriptException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_DOWN_SCRIPT))
                .hasMessageContaining("V2__create_b (code) on core/main");

        assertThat(tableExists("c")).as("the down of 3 must not run when 2 has none").isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }

    @Test
    void rollback_downFails_isReportedAndTheScriptStaysApplied() {
        MigrationManager m = migrated(A, Script.of("2", "create_b", "create b", "fail cannot drop b"));

        assertThatThrownBy(() -> m.rollback(1))
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageContaining("Down script of V2__create_b (code) failed on core/main at statement 1 of 1 (line 1)")
                .hasMessageContaining("Nothing of this script was applied (its transaction was rolled back). Fix the script "
                        + "and run the rollback again.");

        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2");
    }

    @Test
    void rollback_moreStepsThanApplied_undoesEverythingApplied() {
        MigrationManager m = migrated(A, B);

        assertThat(m.rollback(5).rolledBack()).extracting(e -> e.version().toString()).containsExactly("2", "1");
        assertThat(history()).isEmpty();
    }

    /** Scripts 1..5 insert into legacy (rows appear if they ever run); 6 and 7 create tables. */
    private static List<Script> legacyScripts() {
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            scripts.add(Script.of(String.valueOf(i), "legacy_" + i, "insert legacy {\"id\": " + i + "}", null));
        }
        scripts.add(createTable("6", "t6"));
        scripts.add(createTable("7", "t7"));
        return scripts;
    }

    private void legacyDatabase() {
        table("legacy", "id:integer");
    }

    @Test
    void baseline_existingDatabase_scriptsUpToVersionAreBaselineAndNeverRun() {
        legacyDatabase();
        MigrationManager m = track(builder().scripts(legacyScripts()).build());

        BaselineResult baseline = m.baseline("5");

        assertThat(baseline.version().toString()).isEqualTo("5");
        assertThat(baseline.target()).isEqualTo(defaultTarget());
        assertThat(history()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("BASELINE");
            assertThat(r.name()).isEqualTo("<< baseline >>");
            assertThat(r.success()).isTrue();
        });

        MigrateResult result = m.migrate();

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("6", "7");
        assertThat(rowCount("legacy")).as("scripts up to the baseline never run").isZero();
        assertThat(m.status().scripts()).extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:BASELINE", "2:BASELINE", "3:BASELINE", "4:BASELINE", "5:BASELINE", "6:APPLIED", "7:APPLIED");
        assertThat(m.status().scripts().get(4)).isInstanceOfSatisfying(ScriptStatus.Baseline.class,
                b -> assertThat(b.appliedAt()).isNotNull());
        assertThat(m.migrate().applied()).isEmpty();
    }

    @Test
    void baseline_historyAlreadyHasEntries_throwsAndChangesNothing() {
        legacyDatabase();
        MigrationManager m = track(builder().scripts(legacyScripts()).build());
        m.migrateTo("1");
        List<HistoryRow> before = history();

        assertThatThrownBy(() -> m.baseline("5"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Cannot baseline core/main at 5: its history already has 1 entries. Baseline is for an existing "
                        + "database without history; use migrate() instead.");

        assertThat(history()).isEqualTo(before);
    }

    @Test
    void rollback_baselineRowIsNeverRolledBack() {
        MigrationManager m = track(builder().scripts(List.of(A, B, C)).build());
        m.baseline("1");
        m.migrate();

        RollbackResult result = m.rollback(5);

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(history()).singleElement().extracting(HistoryRow::type).isEqualTo("BASELINE");
    }
}
