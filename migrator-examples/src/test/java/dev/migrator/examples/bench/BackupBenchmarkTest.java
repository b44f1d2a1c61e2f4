package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small table through every tool of the backup benchmark, so that the program behind the README's backup table keeps
 * working and each of its restores is checked. Needs PostgreSQL and the {@code pg_dump}/{@code pg_restore} clients.
 */
class BackupBenchmarkTest {

    @Test
    void run_smallTable_everyToolBacksUpAndRestoresIt(@TempDir Path dir) throws Exception {
        try (TestDatabase pg = TestDatabases.postgres()) {
            assertThat(pg.url()).isNotBlank();
        }
        Path out = dir.resolve("backup-bench-results.md");

        BackupBenchmark.Result result = BackupBenchmark.run(Map.of("rows", "2000", "rounds", "1", "warmupRows", "0",
                "dir", dir.resolve("backups").toString(), "out", out.toString()));

        assertThat(result.failed()).isFalse();
        assertThat(result.table()).doesNotContain("| no |")
                .contains("| migrator | backup (gzip) |", "| migrator | restore, verify(false) |",
                        "| migrator-zstd | backup (zstd) |", "| migrator-none | backup (none) |", "| pg_dump | pg_dump -Fc |",
                        "| pg_dump-z1 | pg_dump -Fc -Z1 |", "| pg_dump-z0 | pg_dump -Fc -Z0 |",
                        "| migrator-zstd-parallel | backup (zstd, parallelism 2) |", "| pg_dump-dir-j | pg_dump -Fd -j 2 -Z1 |",
                        "| pg_dump-dir-j | TRUNCATE + pg_restore --data-only -j 2 |");
        assertThat(out).exists();
    }

    @Test
    void run_severalTables_everyToolBacksUpAndRestoresThemAll(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("backup-bench-tables.md");

        BackupBenchmark.Result result = BackupBenchmark.run(Map.of("rows", "3000", "tables", "3", "rounds", "1",
                "warmupRows", "0", "tools", "migrator-zstd,migrator-zstd-parallel,pg_dump-z1,pg_dump-dir-j",
                "dir", dir.resolve("backups").toString(), "out", out.toString()));

        assertThat(result.failed()).isFalse();
        assertThat(result.table()).doesNotContain("| no |").contains("3,000 rows in 3 tables of equal size",
                "| migrator-zstd-parallel | restore, verify(false) |", "| pg_dump-dir-j | pg_dump -Fd -j 2 -Z1 |");
    }
}
