package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} with the lint gate on, over a live PostgreSQL table of 3000 rows (big by the file's {@code
 * lintThreshold}): {@code lintBeforeMigrate: fail} in the config file refuses with exit 10 and advice in the tool's
 * words, {@code --lint} overrides the file (both ways), and an unknown mode is a usage error naming the accepted ones.
 */
class LintBeforeMigrateCliTest {

    @TempDir
    Path dir;

    @Test
    void migrate_lintFailInTheFile_exitsTenNamingTheFinding_andTheLintFlagOverridesTheFile() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__orders_index.sql"), "CREATE INDEX orders_customer_idx ON orders (customer);\n");
        Files.writeString(dir.resolve("migrator.yaml"), "lintBeforeMigrate: fail\nlintThreshold: { rows: 1000 }\n");
        try (TestDatabase db = TestDatabases.postgres()) {
            try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int)");
                s.execute("INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 3000) g");
                s.execute("ANALYZE orders");
            }
            Map<String, String> env = CliRun.environment(db);

            // tag::lint-before-migrate-cli[]
            CliRun refused = CliRun.of(env, dir, "migrate", "--location", "db");  // lintBeforeMigrate: fail in the file

            assertThat(refused.exit()).as(refused.all()).isEqualTo(ExitCodes.LINT);
            assertThat(refused.err())
                    .contains("Migration lint failed: 1 error in the pending scripts; nothing was applied.")
                    .contains("ERROR PG001")
                    .contains("V1__orders_index")
                    .contains("-- migrator:lint-ignore RULE reason")
                    .contains("To migrate without the check, run 'migrator migrate --lint=warn' (or --lint=off;"
                            + " lintBeforeMigrate in the config file).")
                    .doesNotContain("LintMode.");
            // end::lint-before-migrate-cli[]
            assertThat(indexes(db)).doesNotContain("orders_customer_idx");

            CliRun json = CliRun.of(env, dir, "migrate", "--location", "db", "--json");
            assertThat(json.exit()).as(json.all()).isEqualTo(ExitCodes.LINT);
            assertThat(json.json().path("error").path("code").asText()).isEqualTo("LINT_FAILED");

            CliRun bad = CliRun.of(env, dir, "migrate", "--location", "db", "--lint=strict");
            assertThat(bad.exit()).as(bad.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("--lint").contains("strict").contains("OFF, WARN, FAIL");

            // The flag alone, over a file that leaves lintBeforeMigrate out.
            Files.writeString(dir.resolve("threshold-only.yaml"), "lintThreshold: { rows: 1000 }\n");
            CliRun flagged = CliRun.of(env, dir, "migrate", "--location", "db", "--config", "threshold-only.yaml",
                    "--lint=FAIL");
            assertThat(flagged.exit()).as(flagged.all()).isEqualTo(ExitCodes.LINT);

            CliRun warned = CliRun.of(env, dir, "migrate", "--location", "db", "--lint=warn");
            assertThat(warned.exit()).as(warned.all()).isZero();
            assertThat(indexes(db)).contains("orders_customer_idx");
        }
    }

    private static java.util.List<String> indexes(TestDatabase db) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'orders'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
