package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.testkit.ChildJvm;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script much larger than the heap (issue 16, item 6) is streamed from its file through placeholder substitution
 * and the splitter, statement by statement: a child JVM with a small heap applies it, and every row is there. On a
 * heap that grows with the script, the child dies with an OutOfMemoryError and the test fails.
 */
class LargeScriptPostgresTest extends ItSupport {

    @TempDir
    Path dir;

    LargeScriptPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    void migrate_20MbScriptAt64MbHeap_appliesEveryStatement() throws Exception {
        applyInChild(40_000, "64m");
    }

    /** About a minute here; run it with -Dmigrator.test.large=true. */
    @Test
    @EnabledIfSystemProperty(named = "migrator.test.large", matches = "true")
    void migrate_100MbScriptAt128MbHeap_appliesEveryStatement() throws Exception {
        applyInChild(200_000, "128m");
    }

    private void applyInChild(int statements, String heap) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path file = scripts.resolve("V1__big.sql");
        String padding = "p".repeat(460);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("CREATE TABLE ${schema}.big (id int primary key, payload text);\n");
            for (int i = 1; i <= statements; i++) {
                w.write("INSERT INTO big (id, payload) VALUES (" + i + ", '" + padding + "');\n");
            }
        }
        long size = Files.size(file);
        assertThat(size).isGreaterThan(statements * 500L);

        long t0 = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(dir.resolve("child.log"), ChildJvm.options(heap), LargeScriptMain.class,
                List.of(db.url(), db.user(), db.password() == null ? "" : db.password(), "filesystem:" + scripts))) {
            int exit = child.waitFor(Duration.ofMinutes(5));
            String output = child.output();
            assertThat(exit).as("child output:%n%s", output).isZero();
            assertThat(output).contains("applied=1");
            System.out.printf("%s: %,d bytes, %,d statements at -Xmx%s: %.1f s, %s%n", getClass().getSimpleName(), size,
                    statements, heap, (System.nanoTime() - t0) / 1e9,
                    output.lines().filter(l -> l.startsWith("peak")).findFirst().orElse(""));
        }
        assertThat(rowCount("big")).isEqualTo(statements);
        assertThat(historyRow("1").success()).isTrue();
    }

    /** Builds a manager over a location and migrates; prints {@code applied=<n>} and the heap's peak use. */
    public static final class LargeScriptMain {
        public static void main(String[] args) {
            try (MigrationManager m = MigrationManager.builder()
                    .connection("core", args[0], args[1], args[2].isEmpty() ? null : args[2])
                    .locations(args[3])
                    .build()) {
                System.out.println("applied=" + m.migrate().applied().size());
            } catch (Throwable e) {
                e.printStackTrace();
                System.out.flush();
                System.exit(1);
            }
            long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
            System.out.printf("peak heap (sum of pool peaks) %d MB%n", peak >> 20);
            System.exit(0);
        }

        private LargeScriptMain() {}
    }
}
