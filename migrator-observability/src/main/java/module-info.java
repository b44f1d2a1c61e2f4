/**
 * Micrometer metrics ({@link dev.migrator.observability.MigratorMetrics}) and OpenTelemetry traces ({@link
 * dev.migrator.observability.MigratorTracing}) of migrator runs, built on the API's listeners. Both libraries are
 * optional ({@code requires static}): a binding is offered to the builder only when its library is present, and
 * nothing of it is loaded otherwise.
 */
module dev.migrator.observability {
    // The public types take and implement API, Micrometer and OpenTelemetry types: a module using them reads all three.
    requires transitive dev.migrator.api;
    requires static transitive micrometer.core;
    requires static transitive io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports dev.migrator.observability;

    provides dev.migrator.spi.ListenerProvider with
            dev.migrator.observability.internal.MicrometerListenerProvider,
            dev.migrator.observability.internal.OpenTelemetryListenerProvider;
}
