package dev.migrator.observability.internal;

import dev.migrator.api.MigrationListener;
import dev.migrator.observability.MigratorMetrics;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Optional;

/** The global Micrometer binding; loaded only after {@link Libraries#visible} found Micrometer. */
final class MicrometerBinding {

    private MicrometerBinding() {}

    /** Metrics on {@code Metrics.globalRegistry}, unless the caller gave a {@link MigratorMetrics} of their own. */
    static Optional<MigrationListener> global(List<MigrationListener> explicit) {
        if (explicit.stream().anyMatch(MigratorMetrics.class::isInstance)) {
            return Optional.empty();
        }
        return Optional.of(MigratorMetrics.bindTo(Metrics.globalRegistry));
    }
}
