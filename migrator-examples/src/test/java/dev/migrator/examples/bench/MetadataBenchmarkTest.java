package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few items through every operation of the metadata benchmark, so that the README's figures stay reproducible. */
class MetadataBenchmarkTest {

    @Test
    void run_fewItems_measuresEveryOperation(@TempDir Path dir) throws Exception {
        try (TestDatabase pg = TestDatabases.postgres()) {
            assertThat(pg.url()).isNotBlank();
        }
        MetadataBenchmark.Result r = MetadataBenchmark.run(Map.of("items", "60", "rounds", "1", "gets", "200",
                "out", dir.resolve("m.md").toString()));

        assertThat(r.figures()).containsOnlyKeys("import", "cold load", "export", "uncached get", "cached get");
        assertThat(r.table()).contains("| cached get |");
    }
}
