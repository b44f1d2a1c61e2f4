package dev.migrator.observability.internal;

import dev.migrator.api.MigrationListener;
import dev.migrator.spi.ListenerProvider;
import java.util.List;
import java.util.Optional;

/**
 * Offers {@link dev.migrator.observability.MigratorMetrics} on Micrometer's global registry when Micrometer is on the
 * class path. Names no Micrometer type: the binding is touched only after the check.
 */
public final class MicrometerListenerProvider implements ListenerProvider {

    static final String PROBE = "io.micrometer.core.instrument.Metrics";

    @Override
    public String name() {
        return "micrometer";
    }

    @Override
    public Optional<MigrationListener> listener(List<MigrationListener> explicit, ClassLoader classLoader) {
        if (!Libraries.visible(PROBE, classLoader, MicrometerListenerProvider.class)) {
            return Optional.empty();
        }
        return MicrometerBinding.global(explicit);
    }
}
