package dev.migrator.jdbc.it;

import static dev.migrator.jdbc.testing.CrashTrials.awaitReady;
import static dev.migrator.jdbc.testing.CrashTrials.kill;
import static dev.migrator.jdbc.testing.CrashTrials.read;
import static dev.migrator.jdbc.testing.CrashTrials.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrashConsistencyMariaDbTest extends AbstractCrashConsistencyTest {
    CrashConsistencyMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    /**
     * Regression: a run killed inside a script left its first statements applied with nothing in the history, so the
     * next run re-ran the script and failed on its first statement ("Table 't_2' already exists") with a history
     * entry claiming 0 statements completed.
     */
    @Test
    void migrate_killedInsideAScript_nextRunRefusesNamingItAndResumesFromTheStatementThatWasRunning() throws Exception {
        Path out = dir.resolve("stall.log");
        Process child = start(out, CrashMain.class, "stall", childUrl(), db.user(), db.password());
        awaitReady(child, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String running = "SELECT count(*) FROM " + HISTORY + " WHERE version = '2' AND statements_completed = 1";
        while (!(tableExists(HISTORY) && queryLong(running) == 1) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        kill(child); // during statement 2, SELECT SLEEP(60), recorded as started after statement 1
        waitForChildSessions();
        assertThat(history()).as("child output:\n%s", read(out))
                .extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:false:1");
        MigrationManager m = track(builder().scripts(CrashMain.stalling(false)).placeholder("stall", "0").build());

        assertThatThrownBy(m::migrate).isInstanceOf(FailedMigrationPendingException.class)
                .hasMessageContaining("V2__create_t_2_and_t_3")
                .hasMessageContaining("after 1 completed statement(s), or that run was stopped there (killed, or its "
                        + "connection lost); then statement 2 may have completed too")
                .hasMessageContaining("resumeFailed(true) to continue from statement 2");
        assertThat(tableExists("t_3")).isFalse();

        // CREATE TABLE t_2 would fail if run again: success proves the resume started at statement 2.
        m.migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(tableExists("t_3")).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:1", "2:true:3");
    }
}
