package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listeners see a run's events in order, and a listener that throws does not stop the run. */
public abstract class ListenerContract extends KitSupport {

    private final List<MigrationEvent> events = Collections.synchronizedList(new ArrayList<>());

    private List<MigrationEvent> withoutLockWaiting() {
        synchronized (events) {
            return events.stream().filter(e -> !(e instanceof MigrationEvent.LockWaiting)).toList();
        }
    }

    @Test
    public void migrate_listenerReceivesTargetAndScriptEventsInOrder() {
        MigrationManager m = track(builder().listener(events::add)
                .script(createTable("1", "a"))
                .script(createTable("2", "b"))
                .build());

        m.migrate();

        List<MigrationEvent> seen = withoutLockWaiting();
        assertThat(seen).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "RunStarted", "LockAcquired", "TargetStarted",
                "ScriptStarted", "ScriptStatements", "ScriptSucceeded",
                "ScriptStarted", "ScriptStatements", "ScriptSucceeded",
                "TargetFinished", "RunFinished");
        assertThat(seen).allSatisfy(e -> assertThat(e.target()).isEqualTo(defaultTarget()));
        assertThat(seen.get(0)).isInstanceOfSatisfying(MigrationEvent.RunStarted.class, e -> {
            assertThat(e.operation()).isEqualTo(MigrationEvent.Operation.MIGRATE);
            assertThat(e.targets()).containsExactly(defaultTarget());
        });
        assertThat(seen.get(1)).isInstanceOfSatisfying(MigrationEvent.LockAcquired.class,
                e -> assertThat(e.waited().isNegative()).isFalse());
        assertThat(seen.get(2)).isInstanceOfSatisfying(MigrationEvent.TargetStarted.class,
                e -> assertThat(e.pending()).isEqualTo(2));
        assertThat(seen.get(3)).isInstanceOfSatisfying(MigrationEvent.ScriptStarted.class, e -> {
            assertThat(e.version().toString()).isEqualTo("1");
            assertThat(e.name()).isEqualTo("create_a");
            assertThat(e.down()).isFalse();
        });
        assertThat(seen.get(4)).isInstanceOfSatisfying(MigrationEvent.ScriptStatements.class, e -> {
            assertThat(e.version().toString()).isEqualTo("1");
            assertThat(e.statements()).isEqualTo(1);
        });
        assertThat(seen.get(5)).isInstanceOfSatisfying(MigrationEvent.ScriptSucceeded.class, e -> {
            assertThat(e.version().toString()).isEqualTo("1");
            assertThat(e.duration()).isNotNull();
        });
        assertThat(seen.get(6)).isInstanceOfSatisfying(MigrationEvent.ScriptStarted.class,
                e -> assertThat(e.version().toString()).isEqualTo("2"));
        assertThat(seen.get(9)).isInstanceOfSatisfying(MigrationEvent.TargetFinished.class,
                e -> assertThat(e.applied()).isEqualTo(2));
        assertThat(seen.get(10)).isInstanceOfSatisfying(MigrationEvent.RunFinished.class, e -> {
            assertThat(e.operation()).isEqualTo(MigrationEvent.Operation.MIGRATE);
            assertThat(e.failure()).isEmpty();
        });
    }

    @Test
    public void rollback_listenerReceivesDownEvents() {
        MigrationManager m = track(builder().listener(events::add).script(createTable("1", "a")).build());
        m.migrate();
        events.clear();

        m.rollback(1);

        assertThat(withoutLockWaiting()).filteredOn(e -> e instanceof MigrationEvent.ScriptStarted)
                .singleElement()
                .isInstanceOfSatisfying(MigrationEvent.ScriptStarted.class, e -> assertThat(e.down()).isTrue());
        assertThat(withoutLockWaiting()).first().isInstanceOfSatisfying(MigrationEvent.RunStarted.class,
                e -> assertThat(e.operation()).isEqualTo(MigrationEvent.Operation.ROLLBACK));
    }

    @Test
    public void migrate_failingScript_listenerReceivesScriptFailedWithError() {
        KitServer s = server();
        MigrationManager m = track(builder().listener(events::add)
                .script(Script.of("1", "broken", s.script(s.rejectedStatement("no_such_table")), null))
                .build());

        assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class);

        assertThat(withoutLockWaiting()).filteredOn(e -> e instanceof MigrationEvent.ScriptFailed)
                .singleElement()
                .isInstanceOfSatisfying(MigrationEvent.ScriptFailed.class, e -> {
                    assertThat(e.name()).isEqualTo("broken");
                    assertThat(e.error()).isInstanceOf(ScriptFailedException.class);
                });
        MigrationEvent.ScriptFailed failed = (MigrationEvent.ScriptFailed) withoutLockWaiting().stream()
                .filter(e -> e instanceof MigrationEvent.ScriptFailed).findFirst().orElseThrow();
        // The run ends with what it threw: the script's failure itself.
        assertThat(withoutLockWaiting()).last().isInstanceOfSatisfying(MigrationEvent.RunFinished.class,
                e -> assertThat(e.failure()).containsSame(failed.error()));
    }

    @Test
    public void migrate_listenerThrows_runContinues() {
        MigrationManager m = track(builder()
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .script(createTable("1", "a"))
                .build());

        m.migrate();

        assertThat(tableExists("a")).isTrue();
        assertThat(historyVersions()).containsExactly("1");
    }
}
