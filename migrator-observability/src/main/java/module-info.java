/**
 * Micrometer metrics ({@link dev.migrator.observability.MigratorMetrics}) and OpenTelemetry traces ({@link
 * dev.migrator.observability.MigratorTracing}) of migrator runs, built on the API's listeners. Both libraries are
 * optional ({@code requires static}): a binding is offered to the builder only when its library is present, and
 * nothing of it is loaded otherwise.
 */
module dev.migrator.observability {
    requires dev.migrator.api;
    requires static micrometer.core;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports dev.migrator.observability;

    provides dev.migrator.spi.ListenerProvider with
            dev.migrator.observability.internal.MicrometerListenerProvider,
            dev.migrator.observability.internal.OpenTelemetryListenerProvider;
}
