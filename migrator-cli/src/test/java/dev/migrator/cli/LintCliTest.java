package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrator lint} over a live PostgreSQL table of 3000 rows (big with {@code --big-rows 1000}): text, JSON and
 * SARIF 2.1.0 output, exit 10 on an error, exit 0 once the scripts are applied.
 */
class LintCliTest {

    @TempDir
    Path dir;

    @Test
    void lint_textJsonAndSarif_reportTheFindingsAndExitTenOnAnError() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__orders_index.sql"), "-- speeds up the customer page\n\n"
                + "CREATE INDEX orders_customer_idx ON orders (customer);\n");
        Files.writeString(scripts.resolve("V2__orders_note.sql"), "-- migrator:lint-ignore PG008 the column was never used\n"
                + "ALTER TABLE orders DROP COLUMN note;\n");
        try (TestDatabase db = TestDatabases.postgres()) {
            try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int, note text)");
                s.execute("INSERT INTO orders SELECT g, g % 100, NULL FROM generate_series(1, 3000) g");
                s.execute("ANALYZE orders");
            }
            Map<String, String> env = CliRun.environment(db);

            // tag::lint-cli[]
            CliRun text = CliRun.of(env, dir, "lint", "--location", "db", "--big-rows", "1000");
            CliRun json = CliRun.of(env, dir, "lint", "--location", "db", "--big-rows", "1000", "--format", "json");
            CliRun sarif = CliRun.of(env, dir, "lint", "--location", "db", "--big-rows", "1000", "--format", "sarif");
            CliRun defaults = CliRun.of(env, dir, "lint", "--location", "db");

            assertThat(text.exit()).as(text.all()).isEqualTo(ExitCodes.LINT);
            assertThat(text.out()).contains("ERROR   PG001   default/public V1__orders_index ("
                            + scripts.resolve("V1__orders_index.sql").toAbsolutePath() + ":3) statement 1\n"
                            + "  CREATE INDEX orders_customer_idx ON orders (customer)\n"
                            + "  Why: CREATE INDEX without CONCURRENTLY blocks every write to the table until the index is"
                            + " built on public.orders (about 3000 rows, ")
                    .contains("  Fix: CREATE INDEX CONCURRENTLY ... in a script of its own.\n")
                    .contains("ignored PG008 default/public V2__orders_note (")
                    .contains(": the column was never used\n")
                    .contains("1 error(s), 0 warning(s), 0 note(s), 1 suppressed.");
            // end::lint-cli[]
            assertThat(text.err()).contains("Error: 1 error found by the linter.");

            assertThat(json.exit()).isEqualTo(ExitCodes.LINT);
            JsonNode doc = json.json();
            assertThat(doc.path("command").asText()).isEqualTo("lint");
            assertThat(doc.path("ok").asBoolean()).isFalse();
            assertThat(doc.path("errors").asInt()).isEqualTo(1);
            assertThat(doc.path("findings").get(0).path("ruleId").asText()).isEqualTo("PG001");
            assertThat(doc.path("findings").get(0).path("line").asInt()).isEqualTo(3);
            assertThat(doc.path("suppressed").get(0).path("suppressedBecause").asText()).isEqualTo("the column was never used");
            assertThat(doc.path("error").path("exitCode").asInt()).isEqualTo(ExitCodes.LINT);

            assertThat(sarif.exit()).isEqualTo(ExitCodes.LINT);
            JsonNode log = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sarif.out());
            assertThat(log.path("version").asText()).isEqualTo("2.1.0");
            JsonNode run = log.path("runs").get(0);
            List<String> ruleIds = new ArrayList<>();
            run.path("tool").path("driver").path("rules").forEach(r -> {
                ruleIds.add(r.path("id").asText());
                assertThat(r.path("help").path("text").asText()).as(r.path("id").asText()).isNotBlank();
            });
            assertThat(ruleIds).contains("PG001", "PG011", "LINT001");
            assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("migrator");
            JsonNode results = run.path("results");
            assertThat(results).hasSize(2);
            JsonNode first = results.get(0);
            assertThat(first.path("ruleId").asText()).isEqualTo("PG001");
            assertThat(first.path("level").asText()).isEqualTo("error");
            assertThat(ruleIds.get(first.path("ruleIndex").asInt())).isEqualTo("PG001");
            JsonNode location = first.path("locations").get(0).path("physicalLocation");
            assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("db/V1__orders_index.sql");
            assertThat(location.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(location.path("region").path("startLine").asInt()).isEqualTo(3);
            JsonNode suppressed = results.get(1);
            assertThat(suppressed.path("ruleId").asText()).isEqualTo("PG008");
            assertThat(suppressed.path("level").asText()).isEqualTo("warning");
            assertThat(suppressed.path("suppressions").get(0).path("kind").asText()).isEqualTo("inSource");
            assertThat(suppressed.path("suppressions").get(0).path("justification").asText())
                    .isEqualTo("the column was never used");

            // With the default threshold (100000 rows) the 3000-row table is small: a note, exit 0.
            assertThat(defaults.exit()).as(defaults.all()).isZero();
            assertThat(defaults.out()).startsWith("INFO    PG001   default/public V1__orders_index (")
                    .contains("0 error(s), 0 warning(s), 1 note(s), 1 suppressed.");

            assertThat(CliRun.of(env, dir, "migrate", "--location", "db").exit()).isZero();
            CliRun after = CliRun.of(env, dir, "lint", "--location", "db", "--big-rows", "1000");
            assertThat(after.exit()).as(after.all()).isZero();
            assertThat(after.out()).isEqualTo("No findings in the pending scripts.\n");
        }
    }
}
