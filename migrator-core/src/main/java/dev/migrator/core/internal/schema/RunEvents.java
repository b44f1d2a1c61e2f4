package dev.migrator.core.internal.schema;

import dev.migrator.api.MigrationEvent;
import dev.migrator.api.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Where a run's own events go: {@link MigrationEvent.RunStarted} and {@link MigrationEvent.RunFinished} around it. */
record RunEvents(Consumer<MigrationEvent> events) {

    /**
     * Runs {@code body} between a {@link MigrationEvent.RunStarted} and a {@link MigrationEvent.RunFinished} (which
     * carries what it threw), both sent on the calling thread. A run with no target sends neither.
     */
    <T> T around(MigrationEvent.Operation operation, List<ResolvedTarget> resolved, Instant start, Supplier<T> body) {
        if (resolved.isEmpty()) {
            return body.get();
        }
        List<Target> targets = resolved.stream().map(ResolvedTarget::target).toList();
        events.accept(new MigrationEvent.RunStarted(operation, targets));
        try {
            T result = body.get();
            events.accept(new MigrationEvent.RunFinished(operation, targets, Duration.between(start, Instant.now()),
                    Optional.empty()));
            return result;
        } catch (RuntimeException e) {
            events.accept(new MigrationEvent.RunFinished(operation, targets, Duration.between(start, Instant.now()),
                    Optional.of(e)));
            throw e;
        }
    }
}
