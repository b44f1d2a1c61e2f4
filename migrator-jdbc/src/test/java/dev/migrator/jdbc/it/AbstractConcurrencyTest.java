package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Eight managers migrating one database at once, in threads and in separate JVMs: each script runs once. */
abstract class AbstractConcurrencyTest extends ItSupport {

    private static final int MANAGERS = 8;
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
    @Timeout(180)
    void migrate_eightSeparateJvmsAtOnce_allExitZeroAndApplyEveryScriptExactlyOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < MANAGERS; i++) {
            Path out = logs.resolve("jvm-" + i + ".log");
            outputs.add(out);
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath, MigrateMain.class.getName(),
                    db.url(), db.user(), db.password(), String.valueOf(SCRIPTS))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            processes.add(pb.start());
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MANAGERS; i++) {
            Process p = processes.get(i);
            boolean finished = p.waitFor(150, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            int exit = finished ? p.exitValue() : -1;
            if (exit != 0) {
                failures.add("JVM " + i + " exit " + exit + System.lineSeparator() + Files.readString(outputs.get(i), StandardCharsets.UTF_8));
            }
        }

        assertThat(failures).isEmpty();
        int applied = 0;
        for (Path out : outputs) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.startsWith("applied=")) {
                    applied += Integer.parseInt(line.substring("applied=".length()).trim());
                }
            }
        }
        assertThat(applied).as("scripts applied over all JVMs").isEqualTo(SCRIPTS);
        assertEveryScriptAppliedOnce();
    }
}
