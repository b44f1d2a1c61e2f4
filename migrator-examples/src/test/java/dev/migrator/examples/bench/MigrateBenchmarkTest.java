package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few scripts through every part of the benchmark, so that the program behind the README's performance table keeps
 * working. Needs the PostgreSQL and MariaDB servers and the {@code psql} and {@code mariadb} clients, as CI has.
 */
class MigrateBenchmarkTest {

    @Test
    void run_fewScripts_everyToolAppliesThemOnBothBackends(@TempDir Path dir) throws Exception {
        // The same "skip, or fail when CI=true" decision as every backend test, when a server cannot be had.
        try (TestDatabase pg = TestDatabases.postgres(); TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(pg.url()).isNotBlank();
            assertThat(maria.url()).isNotBlank();
        }
        Path out = dir.resolve("bench-results.md");

        MigrateBenchmark.Result result = MigrateBenchmark.run(Map.of(
                "scripts", "3", "warmup", "0", "rounds", "1", "noopRuns", "2", "out", out.toString()));

        assertThat(result.table()).doesNotContain("failed");
        assertThat(result.failed()).isFalse();
        assertThat(result.table())
                .contains("| PostgreSQL | floor (psql) |", "| PostgreSQL | migrator |",
                        "| PostgreSQL | migrator, singleTransaction |", "| PostgreSQL | Flyway ",
                        "| MariaDB | floor (mariadb) |", "| MariaDB | migrator |", "| MariaDB | Flyway ");
        assertThat(out).exists().content().isEqualTo(result.table());
    }

    @Test
    void generateScripts_namesEachVersionForBothTools(@TempDir Path dir) throws Exception {
        GeneratedScripts.generateScripts(dir, 12);

        assertThat(dir.resolve("V12__create_table_12.sql")).content()
                .contains("CREATE TABLE bench_t0012 (", "CREATE INDEX ix_bench_t0012_name ON bench_t0012 (name);");
        assertThat(dir.toFile().list()).hasSize(12);
    }
}
