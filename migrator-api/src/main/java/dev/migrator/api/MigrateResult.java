package dev.migrator.api;

import java.time.Duration;
import java.util.List;

/**
 * What a migrate call did, per target.
 *
 * @param targets one result per target, in the order they were migrated
 * @param duration the whole call
 */
public record MigrateResult(List<TargetResult> targets, Duration duration) {
    /**
     * Copies the list.
     *
     * @param targets one result per target, in the order they were migrated
     * @param duration the whole call
     */
    public MigrateResult {
        targets = List.copyOf(targets);
    }

    /** {@return every script applied, over all targets} */
    public List<ExecutedScript> applied() {
        return targets.stream().flatMap(t -> t.applied().stream()).toList();
    }
}
