package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Eight managers migrating one database at once. */
class MongoConcurrencyTest extends MongoItSupport {

    @Test
    void eightManagersAtOnce_applyEachScriptExactlyOnce() throws Exception {
        int scriptCount = 25;
        for (int v = 1; v <= scriptCount; v++) {
            // No _id: a second application would add a second document instead of failing.
            write("V" + v + "__mark_" + v + ".json", "[{\"insert\": \"applied\", \"documents\": [{\"version\": " + v + "}]}]");
        }
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

            assertThat(applied).as("applied across all managers").isEqualTo(scriptCount);
        } finally {
            pool.shutdownNow();
        }
        for (int v = 1; v <= scriptCount; v++) {
            assertThat(db.database().getCollection("applied").countDocuments(new Document("version", v)))
                    .as("documents of script %d", v).isEqualTo(1);
        }
        List<Document> rows = history();
        assertThat(rows).hasSize(scriptCount);
        assertThat(rows).extracting(d -> d.getInteger("installed_rank")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, scriptCount).boxed().toList());
        assertThat(rows).allSatisfy(d -> assertThat(d.getBoolean("success")).isTrue());
        assertThat(count(HISTORY + "_lock")).isZero();
    }
}
