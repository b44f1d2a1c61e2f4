package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.ConcurrentJvms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managers migrating one database at once: eight in threads, and sixteen in separate JVMs that reach the test's
 * server (the in-process one on its TCP port, or {@code MIGRATOR_TEST_MONGO_URI}) through the official driver.
 */
class MongoConcurrencyTest extends MongoItSupport {

    private static final int SCRIPTS = 25;

    @TempDir
    Path logs;

    private void writeScripts() {
        for (int v = 1; v <= SCRIPTS; v++) {
            // No _id: a second application would add a second document instead of failing.
            write("V" + v + "__mark_" + v + ".json", "[{\"insert\": \"applied\", \"documents\": [{\"version\": " + v + "}]}]");
        }
    }

    private void assertEachScriptAppliedOnce() {
        for (int v = 1; v <= SCRIPTS; v++) {
            assertThat(db.database().getCollection("applied").countDocuments(new Document("version", v)))
                    .as("documents of script %d", v).isEqualTo(1);
        }
        List<Document> rows = history();
        assertThat(rows).hasSize(SCRIPTS);
        assertThat(rows).extracting(d -> d.getInteger("installed_rank"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, SCRIPTS).boxed().toList());
        assertThat(rows).allSatisfy(d -> assertThat(d.getBoolean("success")).isTrue());
        assertThat(count(HISTORY + "_lock")).as("lease released").isZero();
    }

    @Test
    void eightManagersAtOnce_applyEachScriptExactlyOnce() throws Exception {
        writeScripts();
        int managers = 8;
        CyclicBarrier start = new CyclicBarrier(managers);
        ExecutorService pool = Executors.newFixedThreadPool(managers);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < managers; i++) {
                results.add(pool.submit(() -> {
                    try (MigrationManager m = builder().lockTimeout(Duration.ofSeconds(60)).build()) {
                        start.await(30, TimeUnit.SECONDS);
                        return m.migrate().applied().size();
                    }
                }));
            }
            int applied = 0;
            for (Future<Integer> f : results) {
                applied += f.get(120, TimeUnit.SECONDS);
            }

            assertThat(applied).as("applied across all managers").isEqualTo(SCRIPTS);
        } finally {
            pool.shutdownNow();
        }
        assertEachScriptAppliedOnce();
    }

    @Test
    @Timeout(300)
    void sixteenSeparateJvmsReleasedAtOnce_allSucceedWithoutErrorsAndApplyEachScriptExactlyOnce() throws Exception {
        writeScripts();

        ConcurrentJvms.Outcome run = ConcurrentJvms.migrateAtOnce(logs, 16,
                List.of(db.uri(), "", "", "filesystem:" + scripts, "--lock-timeout=PT2M"), Duration.ofSeconds(150));
        System.out.println(run.figures("MongoConcurrencyTest (" + db.origin() + ")", SCRIPTS));

        assertThat(run.failures()).as("JVMs that failed or printed an error").isEmpty();
        assertThat(run.startSpread()).as("the JVMs called migrate() together").isLessThan(Duration.ofSeconds(1));
        assertThat(run.applied()).as("applied across all JVMs").isEqualTo(SCRIPTS);
        // The README's bound: every JVM done within 30 s of the release (observed: about 10 s, lease polls included).
        assertThat(run.wall()).as("from the release until the last JVM ended").isLessThan(Duration.ofSeconds(30));
        assertEachScriptAppliedOnce();
    }
}
