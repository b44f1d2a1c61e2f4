package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.ConcurrentJvms;
import dev.migrator.jdbc.testing.MigrateMain;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managers migrating one database at once, eight in threads and sixteen in separate JVMs released together from a
 * start barrier: each script runs once and no caller sees an error.
 */
abstract class AbstractConcurrencyTest extends ItSupport {

    private static final int MANAGERS = 8;
    private static final int JVMS = 16;
    private static final int SCRIPTS = 20;

    @TempDir
    Path logs;

    AbstractConcurrencyTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private void assertEveryScriptAppliedOnce() {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= SCRIPTS; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(historyVersions()).containsExactlyElementsOf(expected);
        assertThat(history()).allSatisfy(r -> assertThat(r.success()).isTrue());
        for (int i = 1; i <= SCRIPTS; i++) {
            assertThat(rowCount("t_" + i)).as("rows in t_%d", i).isEqualTo(1);
        }
    }

    @Test
    @Timeout(120)
    void migrate_eightManagersInThreadsAtOnce_applyEveryScriptExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(MANAGERS);
        CountDownLatch ready = new CountDownLatch(MANAGERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < MANAGERS; i++) {
            futures.add(pool.submit(() -> {
                MigrationManager m = track(builder().scripts(MigrateMain.scripts(SCRIPTS)).build());
                ready.countDown();
                start.await();
                return m.migrate().applied().size();
            }));
        }
        assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        int applied = 0;
        for (Future<Integer> f : futures) {
            applied += f.get(100, TimeUnit.SECONDS); // an exception in any manager fails the test here
        }
        pool.shutdownNow();

        assertThat(applied).as("scripts applied over all managers").isEqualTo(SCRIPTS);
        assertEveryScriptAppliedOnce();
    }

    @Test
    @Timeout(300)
    void migrate_sixteenSeparateJvmsReleasedAtOnce_allSucceedWithoutErrorsAndApplyEveryScriptExactlyOnce() throws Exception {
        ConcurrentJvms.Outcome run = ConcurrentJvms.migrateAtOnce(logs, JVMS,
                List.of(db.url(), db.user(), db.password(), String.valueOf(SCRIPTS)), Duration.ofSeconds(120));
        System.out.println(run.figures(getClass().getSimpleName(), SCRIPTS));

        assertThat(run.failures()).as("JVMs that failed or printed an error").isEmpty();
        assertThat(run.startSpread()).as("the JVMs called migrate() together").isLessThan(Duration.ofSeconds(1));
        assertThat(run.applied()).as("scripts applied over all JVMs").isEqualTo(SCRIPTS);
        // The README's bound: every JVM done within 30 s of the release (observed: a few seconds).
        assertThat(run.wall()).as("from the release until the last JVM ended").isLessThan(Duration.ofSeconds(30));
        assertEveryScriptAppliedOnce();
    }
}
