package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepeatableScript;
import dev.migrator.api.RepeatableState;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.spi.HistoryRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Repeatable scripts and callbacks on every backend. The repeatable script of these tests inserts one record each time
 * it runs, so the record count is the number of its runs: the model the history and status are checked against.
 */
public abstract class RepeatableContract extends KitSupport {

    /** The repeatable script {@code fill}, inserting record {@code id}, then {@code more} statements. */
    private MigrationManager deployed(int id, String... more) {
        return deployed(List.of(createTable("1", "log")), id, more);
    }

    private MigrationManager deployed(List<Script> scripts, int id, String... more) {
        List<String> statements = new ArrayList<>(List.of(server().insert("log", id)));
        statements.addAll(List.of(more));
        return track(builder().scripts(scripts)
                .repeatable(RepeatableScript.of("fill", server().script(statements.toArray(String[]::new))))
                .build());
    }

    private List<String> historyLines() {
        return history().stream().map(r -> r.rank() + ":" + r.version() + ":" + r.name() + ":" + r.success()).toList();
    }

    private List<RepeatableState> states(MigrationManager m) {
        return m.status().repeatables().stream().map(RepeatableStatus::state).toList();
    }

    @Test
    public void migrate_repeatableAcrossRuns_runsWhenNewChangedOrFailedOnly() {
        MigrationManager first = deployed(1);
        assertThat(states(first)).containsExactly(RepeatableState.PENDING_NEW);
        first.migrate();
        assertThat(rowCount("log")).isEqualTo(1);
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:true");

        MigrationManager same = deployed(1);
        assertThat(states(same)).containsExactly(RepeatableState.APPLIED);
        assertThat(same.migrate().targets().get(0).repeatables()).isEmpty();
        assertThat(rowCount("log")).isEqualTo(1);

        MigrationManager changed = deployed(2);
        assertThat(states(changed)).containsExactly(RepeatableState.PENDING_CHANGED);
        assertThat(changed.migrate().targets().get(0).repeatables()).containsExactly("fill");
        assertThat(rowCount("log")).isEqualTo(2);
        assertThat(changed.schema().validate().problems()).isEmpty();

        MigrationManager broken = deployed(List.of(createTable("1", "log"), createTable("2", "other")), 3,
                server().rejectedStatement("no_such_table"));
        assertThatThrownBy(broken::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.version()).isNull();
                    assertThat(e.scriptName()).isEqualTo("fill");
                    assertThat(e.statementIndex()).isEqualTo(2);
                })
                .hasMessageStartingWith("Repeatable script R__fill (code) failed on " + defaultTarget() + " at statement 2 of 2");
        // The versioned script of the failed run stays applied; the repeatable script's insert only where it was
        // rolled back with its transaction.
        assertThat(tableExists("other")).isTrue();
        boolean rolledBack = server().transactionalDdl();
        assertThat(rowCount("log")).isEqualTo(rolledBack ? 2 : 3);
        List<HistoryRow> rows = history();
        assertThat(rows.get(rows.size() - 1)).satisfies(r -> {
            assertThat(r.version()).isNull();
            assertThat(r.success()).isFalse();
            assertThat(r.statementsCompleted()).isEqualTo(rolledBack ? 0 : 1);
        });
        assertThat(states(broken)).containsExactly(RepeatableState.FAILED);
        assertThat(broken.schema().validate().problems()).isEmpty();

        MigrationManager fixed = deployed(List.of(createTable("1", "log"), createTable("2", "other")), 4);
        fixed.migrate();
        assertThat(rowCount("log")).isEqualTo(rolledBack ? 3 : 4);
        assertThat(states(fixed)).containsExactly(RepeatableState.APPLIED);
        assertThat(historyLines()).containsExactly("1:1:create_log:true", "2:null:fill:true", "3:null:fill:true",
                "4:2:create_other:true", "5:null:fill:false", "6:null:fill:true");
    }

    @Test
    public void migrate_callbacksInCode_runInOrderAroundEachScriptAndOnANoOpRun() {
        List<String> seen = new ArrayList<>();
        MigrationManager m = track(builder()
                .script(createTable("1", "a"))
                .script(createTable("2", "log"))
                .repeatable(RepeatableScript.of("fill", server().script(server().insert("log", 1))))
                .callback((event, context) -> seen.add(event.fileName()))
                .build());

        m.migrate();
        List<String> each = List.of("beforeEachMigrate", "afterEachMigrate");
        assertThat(seen).containsExactly("beforeMigrate", each.get(0), each.get(1), each.get(0), each.get(1), each.get(0),
                each.get(1), "afterMigrate");

        seen.clear();
        m.migrate();
        assertThat(seen).containsExactly("beforeMigrate", "afterMigrate");
    }

    @Test
    public void migrate_twoManagersAtOnce_callbacksDoNotInterleave() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (String id : List.of("A", "B")) {
            MigrationManager m = track(builder()
                    .script(createTable("1", "a"))
                    .callback((event, context) -> {
                        if (event == CallbackEvent.BEFORE_MIGRATE) {
                            seen.add(id + " before");
                            Thread.sleep(300); // the other manager reaches the lock meanwhile
                        } else if (event == CallbackEvent.AFTER_MIGRATE) {
                            seen.add(id + " after");
                        }
                    })
                    .build());
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                m.migrate();
            }));
        }
        go.countDown();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(seen).hasSize(4);
        String first = seen.get(0).substring(0, 1);
        String second = first.equals("A") ? "B" : "A";
        assertThat(seen).containsExactly(first + " before", first + " after", second + " before", second + " after");
        assertThat(historyVersions()).containsExactly("1");
    }
}
