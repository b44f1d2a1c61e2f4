package dev.migrator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code migrator-observability} and the libraries on the class path, {@code build()} binds to Micrometer's
 * global registry and to {@code GlobalOpenTelemetry} by itself, unless told not to or given bindings of its own.
 */
class DiscoveryTest {

    private TestDatabase database;
    private final SimpleMeterRegistry global = new SimpleMeterRegistry();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;

    @BeforeEach
    void setUp() {
        database = TestDatabases.postgres();
        Metrics.globalRegistry.add(global);
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build());
    }

    @AfterEach
    void tearDown() {
        GlobalOpenTelemetry.resetForTest();
        Metrics.globalRegistry.remove(global);
        tracerProvider.close();
        database.close();
    }

    private MigrationManager.Builder builder() {
        return MigrationManager.builder()
                .connection("core", database.url(), database.user(), database.password())
                .script(Script.of("1", "create_a", "CREATE TABLE a (id INT PRIMARY KEY)", null));
    }

    /**
     * The scripts counted into {@code registry}. The global registry hands every meter it ever registered to a
     * registry added later (at zero): another test's meters may be there, so counts are compared, not meters.
     */
    private static double scriptsCounted(SimpleMeterRegistry registry) {
        return registry.find("migrator.scripts.applied").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void build_withoutListeners_bindsTheGlobalRegistryAndOpenTelemetry() {
        try (MigrationManager m = builder().build()) {
            m.migrate();
        }

        assertThat(scriptsCounted(global)).isEqualTo(1.0);
        assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("migrator.script", "migrator.target", "migrator.migrate");
    }

    @Test
    void migrate_beforeTheApplicationSetsGlobalOpenTelemetry_leavesItForTheApplicationToSet() {
        GlobalOpenTelemetry.resetForTest();

        try (MigrationManager m = builder().build()) {
            m.migrate();
        }

        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build());
        assertThat(GlobalOpenTelemetry.isSet()).isTrue();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void build_withOwnBindings_leavesTheGlobalOnesAlone() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        InMemorySpanExporter ownExporter = InMemorySpanExporter.create();
        try (SdkTracerProvider ownProvider =
                        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(ownExporter)).build();
                MigrationManager m = builder()
                        .listener(MigratorMetrics.bindTo(own))
                        .listener(MigratorTracing.of(
                                OpenTelemetrySdk.builder().setTracerProvider(ownProvider).build()))
                        .build()) {
            m.migrate();

            assertThat(ownExporter.getFinishedSpanItems()).hasSize(3);
        }

        assertThat(own.get("migrator.scripts.applied").counter().count()).isEqualTo(1.0);
        assertThat(scriptsCounted(global)).isZero();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void build_discoverListenersOff_bindsNothing() {
        try (MigrationManager m = builder().discoverListeners(false).build()) {
            m.migrate();
        }

        assertThat(scriptsCounted(global)).isZero();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
