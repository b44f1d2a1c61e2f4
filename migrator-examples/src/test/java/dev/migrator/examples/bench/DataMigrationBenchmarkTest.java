package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small table through every tool of the data migration benchmark on all three backends, so that the program behind
 * the README's data migration table keeps working and each of its copies is checked. Needs the PostgreSQL and MariaDB
 * servers; MongoDB is {@code MIGRATOR_TEST_MONGO_URI} or the in-process server.
 */
class DataMigrationBenchmarkTest {

    @Test
    void run_smallTable_everyToolCopiesItCorrectly(@TempDir Path dir) throws Exception {
        // The same "skip, or fail when CI=true" decision as every backend test, when a server cannot be had.
        try (TestDatabase pg = TestDatabases.postgres(); TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(pg.url()).isNotBlank();
            assertThat(maria.url()).isNotBlank();
        }
        Path out = dir.resolve("data-bench-results.md");

        DataMigrationBenchmark.Result result = DataMigrationBenchmark.run(Map.of("rows", "3000", "smallRows", "1500",
                "rounds", "1", "warmupRows", "200", "out", out.toString()));

        assertThat(result.failed()).isFalse();
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.correct()).as(r.backend() + " " + r.tool()).isTrue());
        assertThat(result.table()).doesNotContain("| no |", "NO:")
                .contains("| PostgreSQL | pipe | COPY TO STDOUT → COPY FROM STDIN |",
                        "| PostgreSQL | jdbc-batch |",
                        "| PostgreSQL | migrator-copy | migrateData, verify(false) |",
                        "| PostgreSQL | migrator-copy | migrateData, verify(true) |",
                        "| PostgreSQL | migrator-transform-upsert |",
                        "| MariaDB | load-data |", "| MariaDB | jdbc-batch |", "| MariaDB | migrator-copy |", "| MariaDB | migrator-restore |",
                        "| MongoDB | driver-loop |", "| MongoDB | migrator-copy |");
        assertThat(result.targets()).hasSize(5)
                .allSatisfy(t -> assertThat(t).containsAnyOf("MET", "MISSED", "NOT MEASURED"));
        assertThat(out).exists().content().isEqualTo(result.table());
    }
}
