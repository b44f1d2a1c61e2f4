package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepeatableScript;
import dev.migrator.api.RepeatableState;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.TargetResult;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeatable scripts ({@code R__name.sql} and {@link RepeatableScript}) over sequences of runs on a real database. */
abstract class AbstractRepeatableTest extends ItSupport {

    @TempDir
    Path dir;

    AbstractRepeatableTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private MigrationManager fromDir() {
        return track(builder().locations("filesystem:" + dir).build());
    }

    private List<String> repeatableStates(MigrationManager m) {
        return m.status().repeatables().stream().map(r -> r.name() + ":" + r.state()).toList();
    }

    /** rank:version:name:success, the version {@code null} for a repeatable script. */
    private List<String> historyLines() {
        return history().stream().map(r -> r.installedRank() + ":" + r.version() + ":" + r.name() + ":" + r.success()).toList();
    }

    private List<String> singleRepeatables(MigrateResult result) {
        return result.targets().stream().flatMap(t -> t.repeatables().stream()).toList();
    }

    @Test
    void migrate_repeatableChangedBrokenFixed_reappliedOnlyWhenChangedAndRetriedAfterFailure() {
        write(dir, "V1__items.sql", "CREATE TABLE items (id int primary key, active int, label varchar(20));");
        write(dir, "R__active_items.sql", "CREATE OR REPLACE VIEW active_items AS SELECT id FROM items WHERE active = 1;");

        MigrationManager first = fromDir();
        assertThat(repeatableStates(first)).containsExactly("active_items:PENDING_NEW");
        assertThat(singleRepeatables(first.migrate())).containsExactly("active_items");
        assertThat(columns(defaultSchema(), "active_items")).containsExactly("id");
        assertThat(historyLines()).containsExactly("1:1:items:true", "2:null:active_items:true");
        assertThat(repeatableStates(first)).containsExactly("active_items:APPLIED");

        // Changed: applied once more, as a new history row.
        write(dir, "R__active_items.sql", "CREATE OR REPLACE VIEW active_items AS SELECT id, label FROM items WHERE active = 1;");
        MigrationManager changed = fromDir();
        assertThat(repeatableStates(changed)).containsExactly("active_items:PENDING_CHANGED");
        assertThat(singleRepeatables(changed.migrate())).containsExactly("active_items");
        assertThat(columns(defaultSchema(), "active_items")).containsExactly("id", "label");
        assertThat(historyLines()).containsExactly("1:1:items:true", "2:null:active_items:true", "3:null:active_items:true");

        // Unchanged: nothing runs, nothing is written; validate has nothing to say about the new checksum.
        assertThat(singleRepeatables(changed.migrate())).isEmpty();
        assertThat(historyLines()).hasSize(3);
        assertThat(changed.schema().validate().problems()).isEmpty();

        // Broken, with a new versioned script in the same run: the versioned script stays applied.
        write(dir, "V2__more.sql", "ALTER TABLE items ADD COLUMN note varchar(20);");
        write(dir, "R__active_items.sql", "CREATE OR REPLACE VIEW active_items AS SELECT id FROM no_such_table;");
        MigrationManager broken = fromDir();
        assertThatThrownBy(broken::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.version()).isNull();
                    assertThat(e.scriptName()).isEqualTo("active_items");
                    assertThat(e.statementIndex()).isEqualTo(1);
                })
                .hasMessageStartingWith("Repeatable script R__active_items (" + dir.resolve("R__active_items.sql") + ") failed on "
                        + defaultTarget() + " at statement 1 of 1 (line 1): CREATE OR REPLACE VIEW active_items AS SELECT id "
                        + "FROM no_such_table")
                .hasMessageEndingWith("; the versioned scripts of this run stay applied. The history records it as failed; fix it "
                        + "and run migrate again: it runs again from its first statement.");
        assertThat(columns(defaultSchema(), "items")).contains("note");
        assertThat(historyLines()).containsExactly("1:1:items:true", "2:null:active_items:true", "3:null:active_items:true",
                "4:2:more:true", "5:null:active_items:false");
        assertThat(repeatableStates(broken)).containsExactly("active_items:FAILED");
        // A failed repeatable script blocks nothing: validate is clean, and the next migrate runs it again.
        assertThat(broken.schema().validate().problems()).isEmpty();

        write(dir, "R__active_items.sql", "CREATE OR REPLACE VIEW active_items AS SELECT id, label, note FROM items;");
        MigrationManager fixed = fromDir();
        MigrateResult result = fixed.migrate();
        assertThat(result.targets()).singleElement().satisfies(t -> {
            assertThat(t.applied()).isEmpty();
            assertThat(t.repeatables()).containsExactly("active_items");
        });
        assertThat(columns(defaultSchema(), "active_items")).containsExactly("id", "label", "note");
        assertThat(historyLines()).last().isEqualTo("6:null:active_items:true");
        assertThat(repeatableStates(fixed)).containsExactly("active_items:APPLIED");
        assertThat(singleRepeatables(fixed.migrate())).isEmpty();
    }

    @Test
    void migrate_repeatablesInCode_runAfterVersionedInNameOrderWithPlaceholdersAndEvents() {
        // tag::repeatables-in-code[]
        List<String> events = new ArrayList<>();
        MigrationManager m = track(builder()
                .placeholder("flag", "1")
                .listener(e -> {
                    if (e instanceof MigrationEvent.ScriptSucceeded s) {
                        events.add("script " + s.version());
                    } else if (e instanceof MigrationEvent.RepeatableStarted r) {
                        events.add("started " + r.name());
                    } else if (e instanceof MigrationEvent.RepeatableSucceeded r) {
                        events.add("succeeded " + r.name());
                    }
                })
                .repeatable(RepeatableScript.of("b_view", "CREATE OR REPLACE VIEW b_view AS SELECT id FROM t WHERE id = ${flag}"))
                .repeatable(RepeatableScript.of("a_view", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM t"))
                .script(createTable("1", "t"))
                .build());

        TargetResult result = m.migrate().targets().get(0);

        assertThat(result.repeatables()).containsExactly("a_view", "b_view");
        assertThat(events).containsExactly("script 1", "started a_view", "succeeded a_view", "started b_view",
                "succeeded b_view");
        sql("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)");
        assertThat(queryStrings("SELECT id FROM b_view")).containsExactly("1");
        assertThat(m.status().repeatables()).extracting(RepeatableStatus::state)
                .containsExactly(RepeatableState.APPLIED, RepeatableState.APPLIED);
        // end::repeatables-in-code[]
    }

    @Test
    void rollback_afterRepeatable_leavesRepeatableRowsAlone() {
        MigrationManager m = track(builder()
                .script(createTable("1", "t"))
                .script(createTable("2", "u"))
                .repeatable(RepeatableScript.of("t_view", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t"))
                .build());
        m.migrate();

        m.rollback(1);

        assertThat(tableExists("u")).isFalse();
        assertThat(historyLines()).containsExactly("1:1:create_t:true", "3:null:t_view:true");
        assertThat(m.status().repeatables()).extracting(RepeatableStatus::state).containsExactly(RepeatableState.APPLIED);
    }

    @Test
    void dryRun_pendingRepeatable_listedWithItsStatementsAndNothingWritten() {
        MigrationManager m = track(builder()
                .script(createTable("1", "t"))
                .repeatable(RepeatableScript.of("t_view", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t"))
                .build());

        var plan = m.schema().dryRun(dev.migrator.api.MigrateOptions.defaults());

        assertThat(plan.repeatables()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("t_view");
            assertThat(r.statements()).containsExactly("CREATE OR REPLACE VIEW t_view AS SELECT id FROM t");
        });
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_historyTableOfEarlierRuns_keepsWorkingUnchangedWithRepeatableRows() {
        // The history table as the code before repeatable scripts created and filled it.
        manager(createTable("1", "t")).migrate();
        List<String> columnsBefore = columns(defaultSchema(), HISTORY);
        List<String> rowsBefore = historyLines();

        MigrationManager m = track(builder()
                .script(createTable("1", "t"))
                .script(createTable("2", "u"))
                .repeatable(RepeatableScript.of("t_view", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t"))
                .build());
        m.migrate();

        assertThat(columns(defaultSchema(), HISTORY)).isEqualTo(columnsBefore);
        assertThat(historyLines()).startsWith(rowsBefore.toArray(String[]::new))
                .containsExactly("1:1:create_t:true", "2:2:create_u:true", "3:null:t_view:true");
        assertThat(m.status().scripts()).extracting(s -> s.version() + ":" + s.state()).containsExactly("1:APPLIED", "2:APPLIED");
        // The same manager without the repeatable script (an older deployment) still reads the history.
        MigrationManager old = manager(createTable("1", "t"), createTable("2", "u"));
        assertThat(old.schema().validate().problems()).isEmpty();
        assertThat(old.status().repeatables()).isEmpty();
    }
}
