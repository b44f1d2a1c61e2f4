package dev.migrator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AbstractObservabilityTest} on PostgreSQL. */
class PostgresObservabilityTest extends AbstractObservabilityTest {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    String schema() {
        return "public";
    }

    @Test
    void migrateAll_tracesEachTargetUnderTheRunFromThePoolThreads() {
        Target t1 = Target.of("core", "tenant_1");
        Target t2 = Target.of("core", "tenant_2");
        try (MigrationManager m = builder()
                .locations(t1, "classpath:db/observability")
                .locations(t2, "classpath:db/observability")
                .build()) {
            MultiTargetResult result = m.schema().migrateAll(List.of(t1, t2), 2, false);

            assertThat(result.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOf(TargetOutcome.Migrated.class));
        }

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("migrator.script", "migrator.script",
                "migrator.target", "migrator.target", "migrator.migrate");
        SpanData run = spans.stream().filter(s -> s.getName().equals("migrator.migrate")).findFirst().orElseThrow();
        assertThat(run.getAttributes().get(MigratorTracing.TARGETS)).containsExactly("core/tenant_1", "core/tenant_2");
        List<SpanData> targets = spans.stream().filter(s -> s.getName().equals("migrator.target")).toList();
        assertThat(targets).allSatisfy(t -> assertThat(t.getParentSpanId()).isEqualTo(run.getSpanId()));
        assertThat(targets).extracting(t -> t.getAttributes().get(MigratorTracing.TARGET))
                .containsExactlyInAnyOrder("core/tenant_1", "core/tenant_2");
        assertThat(spans.stream().filter(s -> s.getName().equals("migrator.script")))
                .allSatisfy(s -> assertThat(targets).extracting(SpanData::getSpanId).contains(s.getParentSpanId()))
                .extracting(s -> s.getAttributes().get(MigratorTracing.TARGET))
                .containsExactlyInAnyOrder("core/tenant_1", "core/tenant_2");
        assertThat(registry.get("migrator.run.duration").tags("operation", "migrate", "outcome", "success").timer()
                .count()).isEqualTo(1);
    }
}
