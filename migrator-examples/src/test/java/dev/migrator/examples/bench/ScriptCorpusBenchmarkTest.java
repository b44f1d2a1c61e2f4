package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script-corpus benchmark in one round, so that the program behind issue 17's before/after figures keeps working
 * and keeps checking what it measures. Needs the MariaDB server and the {@code mariadb} client, as CI has.
 */
class ScriptCorpusBenchmarkTest {

    @Test
    void run_oneRound_migratorAndTheNativeSessionApplyTheWholeCorpus(@TempDir Path dir) throws Exception {
        // The same "skip, or fail when CI=true" decision as every backend test, when a server cannot be had.
        try (TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(maria.url()).isNotBlank();
        }
        Path out = dir.resolve("corpus.md");

        ScriptCorpusBenchmark.Result result = ScriptCorpusBenchmark.run(
                Map.of("rounds", "1", "warmup", "0", "tools", "jdbc,migrator", "out", out.toString()));

        assertThat(result.failed()).as(result.table()).isFalse();
        // Each run's database, read back: the corpus's 17 tables and 617 rows; migrator's 45 successful history rows.
        assertThat(result.observed()).extracting(ScriptCorpusBenchmark.Observed::tool)
                .containsExactlyInAnyOrder("jdbc", "migrator");
        assertThat(result.observed()).allSatisfy(o -> {
            assertThat(o.tables()).isEqualTo(17);
            assertThat(o.rows()).isEqualTo(617);
        });
        assertThat(result.observed()).filteredOn(o -> o.tool().equals("migrator")).singleElement()
                .satisfies(o -> assertThat(o.historyRows()).isEqualTo(45).isEqualTo(o.historySucceeded()));
        assertThat(result.rows()).extracting(ScriptCorpusBenchmark.Row::measure).containsExactly(
                ScriptCorpusBenchmark.Measure.JDBC_SESSION, ScriptCorpusBenchmark.Measure.MIGRATOR);
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.median()).isPositive());
        assertThat(result.table()).doesNotContain("failed").contains(
                "| one native session: JDBC, autocommit | connect + every statement, one connection, cold in round 1 | ",
                "| migrator `migrate()` | the call alone, in this JVM, cold in round 1 | ",
                "45 files, 639 statements (283 DDL, 296 DML = 46 %, 60 SET @var)");
        assertThat(out).exists().content().isEqualTo(result.table());
    }

    @Test
    void run_firstFiles_theClientAndAFreshJvmApplyThem(@TempDir Path dir) throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(maria.url()).isNotBlank();
        }
        ScriptCorpus corpus = ScriptCorpus.mariadb(6);

        ScriptCorpusBenchmark.Result result = ScriptCorpusBenchmark.run(Map.of("rounds", "1", "warmup", "0", "files", "6",
                "tools", "client,migrator-jvm", "out", dir.resolve("corpus.md").toString()));

        assertThat(result.failed()).as(result.table()).isFalse();
        assertThat(corpus.expectedRows()).containsOnlyKeys("customers", "categories");
        long rows = corpus.expectedRows().values().stream().mapToLong(i -> i).sum();
        assertThat(result.observed()).extracting(ScriptCorpusBenchmark.Observed::tool)
                .containsExactlyInAnyOrder("client", "migrator-jvm");
        assertThat(result.observed()).allSatisfy(o -> {
            assertThat(o.tables()).isEqualTo(2);
            assertThat(o.rows()).isEqualTo(rows);
        });
        assertThat(result.observed()).filteredOn(o -> o.tool().equals("migrator-jvm")).singleElement()
                .satisfies(o -> assertThat(o.historyRows()).isEqualTo(6).isEqualTo(o.historySucceeded()));
        assertThat(result.table()).doesNotContain("failed").contains(
                "| one native session: `mariadb < all.sql` | a fresh client process",
                "| migrator `migrate()`, fresh JVM | the call alone, timed in a new JVM",
                "| migrator, fresh JVM, whole process | ");
        // The whole child process includes its own migrate() call.
        assertThat(result.rows().get(2).median()).isGreaterThan(result.rows().get(1).median());
    }

    @Test
    void check_aStatementMissing_failsNamingTheRowCounts() throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(maria.url()).isNotBlank();
        }
        BenchServer server = BenchServer.mariadb();
        ScriptCorpus corpus = ScriptCorpus.mariadb();
        List<String> statements = new ArrayList<>(corpus.statements());
        int lastDelete = statements.size() - 1;
        while (!statements.get(lastDelete).startsWith("DELETE")) {
            lastDelete--;
        }
        // Without the last DELETE, every table is there and one count is off by one.
        statements.remove(lastDelete);
        String db = server.createDatabase("corpus_check");
        try {
            ScriptCorpusBenchmark.runStatements(server, db, statements);

            assertThatThrownBy(() -> ScriptCorpusBenchmark.check(server, db, corpus, "jdbc", false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("jdbc left row counts {")
                    .hasMessageContaining("; expected {");
            assertThatThrownBy(() -> ScriptCorpusBenchmark.check(server, db, corpus, "migrator", true))
                    .hasMessageContaining("left row counts");
        } finally {
            server.dropDatabase(db);
        }
    }

    @Test
    void corpus_hasTheShapeOfTheIssuesProject() {
        ScriptCorpus corpus = ScriptCorpus.mariadb();
        ScriptCorpus.Mix mix = corpus.mix();

        assertThat(corpus.files()).hasSize(45);
        assertThat(corpus.files().get(0).name()).isEqualTo("V1__create_customers.sql");
        assertThat(corpus.files().get(44).name()).startsWith("V45__");
        assertThat(mix.total()).isEqualTo(corpus.statements().size()).isBetween(600, 680);
        assertThat(100.0 * mix.dml() / mix.total()).isBetween(40.0, 50.0);
        assertThat(corpus.statements()).anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE").contains("FOREIGN KEY"))
                .anySatisfy(s -> assertThat(s).startsWith("ALTER TABLE").contains("ADD COLUMN"))
                .anySatisfy(s -> assertThat(s).startsWith("ALTER TABLE").contains("ADD INDEX"))
                .anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX"))
                .anySatisfy(s -> assertThat(s).startsWith("INSERT").contains("),\n"))
                .anySatisfy(s -> assertThat(s).startsWith("UPDATE"))
                .anySatisfy(s -> assertThat(s).startsWith("DELETE"))
                .anySatisfy(s -> assertThat(s).startsWith("DROP TABLE"))
                .anySatisfy(s -> assertThat(s).startsWith("RENAME TABLE"))
                .anySatisfy(s -> assertThat(s).startsWith("SET @"))
                .noneSatisfy(s -> assertThat(s.toUpperCase(Locale.ROOT)).contains("PROCEDURE"));
        // Deterministic: the same text every time, so before/after figures measure the same work.
        assertThat(ScriptCorpus.mariadb().statements()).isEqualTo(corpus.statements());
        assertThat(corpus.files()).allSatisfy(f -> assertThat(f.statements()).hasSizeBetween(5, 25));
    }
}
