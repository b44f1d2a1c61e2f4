package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BaselineResult;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptStatus;
import dev.migrator.spi.HistoryRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** baseline(version) on a database that already has what the first scripts would create. */
public abstract class BaselineContract extends KitSupport {

    /** Scripts 1..5 insert into legacy (records appear if they ever run); 6 and 7 create tables. */
    private List<Script> scripts() {
        KitServer s = server();
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            scripts.add(Script.of(String.valueOf(i), "legacy_" + i, s.script(s.insert("legacy", i)), null));
        }
        scripts.add(createTable("6", "t6"));
        scripts.add(createTable("7", "t7"));
        return scripts;
    }

    private void createLegacy() {
        database().execute(defaultSchema(), server().createTable("legacy"));
    }

    @Test
    public void baseline_existingDatabase_scriptsUpToVersionAreBaselineAndNeverRun() {
        createLegacy();
        MigrationManager m = track(builder().scripts(scripts()).build());

        BaselineResult baseline = m.schema().baseline("5");

        assertThat(baseline.version().toString()).isEqualTo("5");
        assertThat(baseline.target()).isEqualTo(defaultTarget());

        MigrateResult result = m.migrate();

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("6", "7");
        assertThat(rowCount("legacy")).as("scripts up to the baseline never run").isZero();
        assertThat(tableExists("t6")).isTrue();
        assertThat(tableExists("t7")).isTrue();
        assertThat(m.status().scripts())
                .extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:BASELINE", "2:BASELINE", "3:BASELINE", "4:BASELINE", "5:BASELINE",
                        "6:APPLIED", "7:APPLIED");
        assertThat(m.status().scripts().get(4)).isInstanceOfSatisfying(ScriptStatus.Baseline.class,
                b -> assertThat(b.appliedAt()).isNotNull());
        assertThat(history()).allSatisfy(r -> assertThat(r.success()).isTrue());
        assertThat(history()).extracting(HistoryRow::version).first().isEqualTo("5");
        assertThat(history().get(0).type()).as("the baseline's own history row").isEqualTo("BASELINE");
        assertThat(m.migrate().applied()).isEmpty();
    }

    @Test
    public void baseline_historyAlreadyHasEntries_throwsAndChangesNothing() {
        createLegacy();
        MigrationManager m = track(builder().scripts(scripts()).build());
        m.migrateTo("1");
        List<HistoryRow> before = history();

        assertThatThrownBy(() -> m.schema().baseline("5")).isInstanceOf(ConfigurationException.class);

        assertThat(history()).isEqualTo(before);
    }
}
