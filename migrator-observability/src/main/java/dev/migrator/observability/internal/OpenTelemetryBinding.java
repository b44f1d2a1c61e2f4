package dev.migrator.observability.internal;

import dev.migrator.api.MigrationListener;
import dev.migrator.observability.MigratorTracing;
import java.util.List;
import java.util.Optional;

/** The global OpenTelemetry binding; loaded only after {@link Libraries#visible} found the OpenTelemetry API. */
final class OpenTelemetryBinding {

    private OpenTelemetryBinding() {}

    /** Traces on {@code GlobalOpenTelemetry}, unless the caller gave a {@link MigratorTracing} of their own. */
    static Optional<MigrationListener> global(List<MigrationListener> explicit) {
        if (explicit.stream().anyMatch(MigratorTracing.class::isInstance)) {
            return Optional.empty();
        }
        return Optional.of(MigratorTracing.global());
    }
}
