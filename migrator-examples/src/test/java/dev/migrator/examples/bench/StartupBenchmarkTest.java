package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up benchmark on 3 scripts, one fresh JVM per tool, so that the program behind issue 20's figures keeps
 * working and keeps checking what it measures: every child exits cleanly and reports what it must (the floor hashed 3
 * files and read 3 history rows; migrator and Flyway applied nothing). Needs the PostgreSQL and MariaDB servers.
 */
class StartupBenchmarkTest {

    @Test
    void run_threeScripts_everyToolStartsOnEachBackendAndAppliesNothing(@TempDir Path dir) throws Exception {
        // The same "skip, or fail when CI=true" decision as every backend test, when a server cannot be had.
        try (TestDatabase pg = TestDatabases.postgres(); TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(pg.url()).isNotBlank();
            assertThat(maria.url()).isNotBlank();
        }
        Path out = dir.resolve("startup.md");

        StartupBenchmark.Result result = StartupBenchmark.run(Map.of("scripts", "3", "runs", "1", "warmRuns", "1",
                "out", out.toString()));

        assertThat(result.failed()).as(result.table()).isFalse();
        assertThat(result.rows()).extracting(r -> r.backend() + "/" + r.tool()).containsExactly(
                "PostgreSQL/jvm", "PostgreSQL/floor", "PostgreSQL/migrator", "PostgreSQL/flyway",
                "MariaDB/jvm", "MariaDB/floor", "MariaDB/migrator", "MariaDB/flyway");
        assertThat(result.rows()).allSatisfy(r -> {
            assertThat(r.runs()).isEqualTo(1);
            assertThat(r.median()).isPositive();
            assertThat(r.error()).isNull();
        });
        assertThat(result.warm()).extracting(r -> r.backend() + "/" + r.tool() + "/" + r.what()).containsExactly(
                "PostgreSQL/floor/list + hash + connect + read history",
                "PostgreSQL/migrator/build() + migrate() + close()",
                "PostgreSQL/migrator/migrate() on the same manager",
                "PostgreSQL/flyway/configure()...load() + migrate()",
                "MariaDB/floor/list + hash + connect + read history",
                "MariaDB/migrator/build() + migrate() + close()",
                "MariaDB/migrator/migrate() on the same manager",
                "MariaDB/flyway/configure()...load() + migrate()");
        assertThat(result.warm()).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(result.table()).doesNotContain("failed").contains(
                "| PostgreSQL | floor (list + SHA-256 + one JDBC connection + history query) | ",
                "| MariaDB | migrator | ",
                "| MariaDB | Flyway 13.12.2 | ",
                "| backend | tool | warm, in one JVM after a first call: what is timed |",
                "A no-op start on a database with 3 applied scripts");
        assertThat(out).exists().content().isEqualTo(result.table());
    }
}
