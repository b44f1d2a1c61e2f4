package dev.migrator.observability.internal;

import dev.migrator.api.MigrationListener;
import dev.migrator.spi.ListenerProvider;
import java.util.List;
import java.util.Optional;

/**
 * Offers {@link dev.migrator.observability.MigratorTracing} on {@code GlobalOpenTelemetry} when the OpenTelemetry API
 * is on the class path. Names no OpenTelemetry type: the binding is touched only after the check.
 */
public final class OpenTelemetryListenerProvider implements ListenerProvider {

    static final String PROBE = "io.opentelemetry.api.GlobalOpenTelemetry";

    @Override
    public String name() {
        return "opentelemetry";
    }

    @Override
    public Optional<MigrationListener> listener(List<MigrationListener> explicit, ClassLoader classLoader) {
        if (!Libraries.visible(PROBE, classLoader, OpenTelemetryListenerProvider.class)) {
            return Optional.empty();
        }
        return OpenTelemetryBinding.global(explicit);
    }
}
