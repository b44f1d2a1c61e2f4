package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One script and one start per tool through the Spring Boot start-up benchmark (four JVMs), so that the program and
 * its application keep working with the Boot and Flyway versions of this build. Needs the PostgreSQL server.
 */
class SpringStartBenchmarkTest {

    @Test
    void run_oneScript_bothApplicationsStartAndMigrate(@TempDir Path dir) throws Exception {
        try (TestDatabase pg = TestDatabases.postgres()) {
            assertThat(pg.url()).isNotBlank();
        }
        Path out = dir.resolve("spring-start-results.md");

        SpringStartBenchmark.Result result = SpringStartBenchmark.run(Map.of("scripts", "1", "runs", "1",
                "out", out.toString()));

        assertThat(result.failed()).as(result.table()).isFalse();
        assertThat(result.table()).contains("| migrator-spring-boot | ", "| Flyway 13.12.2 (Boot's FlywayMigrationInitializer) | ")
                .doesNotContain("failed");
        assertThat(out).exists().content().isEqualTo(result.table());
    }
}
