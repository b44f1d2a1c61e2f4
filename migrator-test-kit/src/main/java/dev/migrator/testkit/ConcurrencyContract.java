package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.spi.HistoryRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managers migrating one database at once, eight in threads and sixteen in separate JVMs ({@link MigrateMain} over the
 * test's connection) released together from a {@link StartBarrier}: each script runs once, in order, and no caller
 * sees an error; afterwards the lock is free.
 */
public abstract class ConcurrencyContract extends KitSupport {

    private static final int MANAGERS = 8;
    private static final int JVMS = 16;
    private static final int SCRIPTS = 20;
    // Long enough for every waiter, MongoDB's lease polls included.
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

    /** The child JVMs' logs. */
    @TempDir
    protected Path logs;

    /** The scripts as files, for the child JVMs. */
    @TempDir
    protected Path scripts;

    /** Script i creates t_i and inserts one record into it: applied twice, it fails; skipped, its table is missing. */
    private Script script(int i) {
        return Script.of(String.valueOf(i), "create_t_" + i, up(i), server().script(server().dropTable("t_" + i)));
    }

    private String up(int i) {
        return server().script(server().createTable("t_" + i), server().insert("t_" + i, i));
    }

    private List<Script> scriptList() {
        return IntStream.rangeClosed(1, SCRIPTS).mapToObj(this::script).toList();
    }

    private void assertEveryScriptAppliedOnce() {
        List<String> expected = IntStream.rangeClosed(1, SCRIPTS).mapToObj(String::valueOf).toList();
        assertThat(historyVersions()).containsExactlyElementsOf(expected);
        assertThat(history()).extracting(HistoryRow::rank)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, SCRIPTS).boxed().toList());
        assertThat(history()).allSatisfy(r -> assertThat(r.success()).isTrue());
        for (int i = 1; i <= SCRIPTS; i++) {
            assertThat(rowCount("t_" + i)).as("rows in t_%d", i).isEqualTo(1);
        }
        MigrationManager late = track(builder().scripts(scriptList()).lockTimeout(Duration.ZERO).build());
        assertThat(late.migrate().applied()).as("a run that may not wait for the lock gets it: it was released").isEmpty();
    }

    @Test
    @Timeout(120)
    public void migrate_eightManagersInThreadsAtOnce_applyEveryScriptExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(MANAGERS);
        CountDownLatch ready = new CountDownLatch(MANAGERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        int applied = 0;
        try {
            for (int i = 0; i < MANAGERS; i++) {
                futures.add(pool.submit(() -> {
                    MigrationManager m = track(builder().scripts(scriptList()).lockTimeout(LOCK_TIMEOUT).build());
                    ready.countDown();
                    start.await();
                    return m.migrate().applied().size();
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            for (Future<Integer> f : futures) {
                applied += f.get(100, TimeUnit.SECONDS); // an exception in any manager fails the test here
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(applied).as("scripts applied over all managers").isEqualTo(SCRIPTS);
        assertEveryScriptAppliedOnce();
    }

    @Test
    @Timeout(300)
    public void migrate_sixteenSeparateJvmsReleasedAtOnce_allSucceedWithoutErrorsAndApplyEveryScriptExactlyOnce()
            throws Exception {
        for (int i = 1; i <= SCRIPTS; i++) {
            write(scripts, "V" + i + "__create_t_" + i + server().scriptFileExtension(), up(i));
        }
        ConnectionConfig c = database().config(CORE);
        ConcurrentJvms.Outcome run = ConcurrentJvms.migrateAtOnce(logs, JVMS, List.of(c.url(), orEmpty(c.user()),
                orEmpty(c.password()), "filesystem:" + scripts, "--lock-timeout=" + LOCK_TIMEOUT.multipliedBy(2)),
                Duration.ofSeconds(150));
        System.out.println(run.figures(getClass().getSimpleName() + " (" + server().displayName() + ")", SCRIPTS));

        assertThat(run.failures()).as("JVMs that failed or printed an error").isEmpty();
        assertThat(run.startSpread()).as("the JVMs called migrate() together").isLessThan(Duration.ofSeconds(1));
        assertThat(run.applied()).as("scripts applied over all JVMs").isEqualTo(SCRIPTS);
        // The README's bound: every JVM done within 30 s of the release (observed: a few seconds; MongoDB's lease polls
        // about 10 s; etcd's own bound is longer, see EtcdKitServer).
        assertThat(run.wall()).as("from the release until the last JVM ended").isLessThan(server().sixteenJvmsBound());
        assertEveryScriptAppliedOnce();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
