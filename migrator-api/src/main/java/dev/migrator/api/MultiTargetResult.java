package dev.migrator.api;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of migrating many targets, one outcome per target in the order requested.
 *
 * @param outcomes one per target
 * @param duration the whole call
 */
public record MultiTargetResult(List<TargetOutcome> outcomes, Duration duration) {
    /**
     * Copies the list.
     *
     * @param outcomes one per target
     * @param duration the whole call
     */
    public MultiTargetResult {
        outcomes = List.copyOf(outcomes);
    }

    /** {@return the targets that failed} */
    public List<TargetOutcome.Failed> failures() {
        return outcomes.stream()
                .filter(o -> o instanceof TargetOutcome.Failed)
                .map(o -> (TargetOutcome.Failed) o)
                .toList();
    }

    /** {@return whether every target was migrated} */
    public boolean allMigrated() {
        return outcomes.stream().allMatch(o -> o instanceof TargetOutcome.Migrated);
    }
}
