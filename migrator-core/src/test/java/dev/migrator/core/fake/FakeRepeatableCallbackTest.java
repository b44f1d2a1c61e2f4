package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepeatableScript;
import dev.migrator.api.RepeatableState;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.ScriptFailedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's rules for repeatable scripts and callbacks, fast, on the fake backend. */
class FakeRepeatableCallbackTest extends FakeEngineSupport {

    private MigrationManager deployed(String repeatableText, MigrationManager.Builder builder) {
        return track(builder.script(createTable("1", "log")).repeatable(RepeatableScript.of("fill", repeatableText)).build());
    }

    private List<String> historyLines() {
        return history().stream().map(r -> r.rank() + ":" + r.version() + ":" + r.name() + ":" + r.success()).toList();
    }

    private List<RepeatableState> states(MigrationManager m) {
        return m.status().repeatables().stream().map(RepeatableStatus::state).toList();
    }

    @Test
    void migrate_repeatableWhereDdlCommitsAtOnce_failsThenRetriedWithoutResumeOrRepair() {
        MigrationManager broken = deployed("insert log {\"id\": 1}\nfail boom", autocommitDdlBuilder());

        assertThatThrownBy(broken::migrate)
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageContaining("1 statement(s) completed and stay applied")
                .hasMessageEndingWith("The history records it as failed; fix it and run migrate again: it runs again from its "
                        + "first statement.");
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:false");
        assertThat(history().get(1).statementsCompleted()).isEqualTo(1);
        assertThat(states(broken)).containsExactly(RepeatableState.FAILED);
        assertThat(broken.schema().validate().problems()).isEmpty();

        MigrationManager fixed = deployed("insert log {\"id\": 2}", autocommitDdlBuilder());
        assertThat(states(fixed)).containsExactly(RepeatableState.FAILED);
        fixed.migrate();
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:false", "3:null:fill:true");
        assertThat(rowCount("log")).isEqualTo(2);
        assertThat(states(fixed)).containsExactly(RepeatableState.APPLIED);
        // repair leaves a failed repeatable script's row alone: it blocks nothing.
        fixed.schema().repair();
        assertThat(historyLines()).hasSize(3);
    }

    @Test
    void migrate_singleTransactionAfterEachFails_nothingOfTheRunStays() {
        List<String> seen = new ArrayList<>();
        MigrationManager m = track(builder()
                .script(createTable("1", "a"))
                .script(createTable("2", "b"))
                .callback((event, context) -> {
                    seen.add(event.fileName());
                    // The second script's afterEach fails, after the first script ran in the same transaction.
                    if (event == CallbackEvent.AFTER_EACH_MIGRATE && seen.stream().filter(e -> e.equals("afterEachMigrate")).count() == 2) {
                        throw new IllegalStateException("second script refused");
                    }
                })
                .build());

        assertThatThrownBy(() -> m.migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageStartingWith("Callback afterEachMigrate (code: ")
                .hasMessageEndingWith("It ran in the one transaction of this run, which was rolled back: nothing of the run "
                        + "was applied. Fix the callback and run again.");
        assertThat(tableExists("a")).isFalse();
        assertThat(history()).isEmpty();
        assertThat(seen).containsExactly("beforeMigrate", "beforeEachMigrate", "afterEachMigrate", "beforeEachMigrate",
                "afterEachMigrate", "afterMigrateError");
    }

    @Test
    void migrate_toVersionAndSingleTransaction_runRepeatablesAfterwardsAndEventsCountThem() {
        List<String> events = new ArrayList<>();
        MigrationManager m = track(builder()
                .script(createTable("1", "log"))
                .script(createTable("2", "other"))
                .repeatable(RepeatableScript.of("fill", "insert log {\"id\": 1}"))
                .listener(e -> {
                    if (e instanceof MigrationEvent.TargetStarted t) {
                        events.add("started " + t.pending());
                    } else if (e instanceof MigrationEvent.TargetFinished t) {
                        events.add("finished " + t.applied());
                    }
                })
                .build());

        m.migrateTo("1");
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:true");
        assertThat(events).containsExactly("started 2", "finished 2");

        MigrationManager changed = track(builder()
                .script(createTable("1", "log"))
                .script(createTable("2", "other"))
                .repeatable(RepeatableScript.of("fill", "insert log {\"id\": 2}"))
                .build());
        changed.migrate(MigrateOptions.builder().singleTransaction(true).build());
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:true", "3:2:create_other:true",
                "4:null:fill:true");
        assertThat(rowCount("log")).isEqualTo(2);
    }

    @Test
    void status_placeholderValueChangedOrJavaWithoutChecksum_doesNotRunAgain() {
        MigrationManager first = deployed("insert log {\"id\": ${n}}", builder().placeholder("n", "1"));
        first.migrate();
        MigrationManager otherValue = deployed("insert log {\"id\": ${n}}", builder().placeholder("n", "2"));
        assertThat(states(otherValue)).containsExactly(RepeatableState.APPLIED);

        List<Integer> runs = new ArrayList<>();
        RepeatableScript java = RepeatableScript.builder("java_fill").up(context -> runs.add(1)).build();
        track(builder().repeatable(java).build()).migrate();
        MigrationManager again = track(builder().repeatable(java).build());
        again.migrate();
        assertThat(runs).hasSize(1);
        RepeatableScript bumped = RepeatableScript.builder("java_fill").up(context -> runs.add(2)).checksum("v2").build();
        track(builder().repeatable(bumped).build()).migrate();
        assertThat(runs).containsExactly(1, 2);
    }
}
