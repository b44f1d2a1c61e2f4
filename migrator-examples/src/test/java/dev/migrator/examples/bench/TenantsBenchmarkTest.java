package dev.migrator.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three tenants and two scripts through every part of the many-tenants benchmark, so that the program behind its table
 * keeps working. Needs the PostgreSQL and MariaDB servers, as CI has.
 */
class TenantsBenchmarkTest {

    @Test
    void run_fewTenants_everyToolMigratesEveryTenantOnBothBackends(@TempDir Path dir) throws Exception {
        // The same "skip, or fail when CI=true" decision as every backend test, when a server cannot be had.
        try (TestDatabase pg = TestDatabases.postgres(); TestDatabase maria = TestDatabases.mariadb()) {
            assertThat(pg.url()).isNotBlank();
            assertThat(maria.url()).isNotBlank();
        }
        Path out = dir.resolve("tenants-bench-results.md");

        TenantsBenchmark.Result result = TenantsBenchmark.run(Map.of(
                "schemas", "3", "scripts", "2", "parallelism", "2", "rounds", "1", "warmup", "1", "out", out.toString()));

        assertThat(result.failed()).as(result.table()).isFalse();
        assertThat(result.table())
                .contains("| PostgreSQL | migrator, migrateAll, parallelism 2 | cold |",
                        "| PostgreSQL | migrator, migrateAll, parallelism 2 | no-op |",
                        "| PostgreSQL | Flyway 13.12.2, one per tenant, sequential | cold | ",
                        "| PostgreSQL | Flyway 13.12.2, one per tenant, 2 caller threads | no-op |",
                        "| MariaDB | migrator, migrateAll, parallelism 2 | cold |",
                        "| MariaDB | Flyway 13.12.2, one per tenant, sequential | no-op |",
                        "| MariaDB | Flyway 13.12.2, one per tenant, 2 caller threads | cold |")
                .doesNotContain("| NO");
        assertThat(out).exists().content().isEqualTo(result.table());
    }

    @Test
    void check_tenantMissingAScript_isReportedAsWrong() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres()) {
            assertThat(pg.url()).isNotBlank();
        }
        BenchServer server = BenchServer.postgres();
        BenchTenants tenants = BenchTenants.create(server, 2);
        try {
            server.execute(tenants.database(), "setting up",
                    "CREATE TABLE tenant_0001.migrator_history (success BOOLEAN)",
                    "INSERT INTO tenant_0001.migrator_history VALUES (true)",
                    "CREATE TABLE tenant_0001.bench_t0001 (id INT)");

            assertThat(tenants.check(server, "migrator_history", 1)).isEqualTo("tenant_0002 holds 0 bench tables; expected 1");
            assertThat(tenants.check(server, "migrator_history", 2)).isEqualTo("tenant_0001 holds 1 bench tables; expected 2");
        } finally {
            tenants.drop(server);
        }
    }
}
