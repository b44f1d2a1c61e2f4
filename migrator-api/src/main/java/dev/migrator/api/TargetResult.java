package dev.migrator.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a migrate call did on one target.
 *
 * @param target the target, schema resolved
 * @param applied the scripts applied, in order
 * @param currentVersion the newest applied version afterwards; empty when nothing is applied
 * @param duration the whole time on this target, waiting for the lock included
 * @param repeatables the names of the repeatable scripts that ran, in order (after the versioned ones)
 */
public record TargetResult(
        Target target, List<ExecutedScript> applied, Optional<Version> currentVersion, Duration duration, List<String> repeatables) {
    /**
     * Copies the lists.
     *
     * @param target the target, schema resolved
     * @param applied the scripts applied, in order
     * @param currentVersion the newest applied version afterwards; empty when nothing is applied
     * @param duration the whole time on this target, waiting for the lock included
     * @param repeatables the names of the repeatable scripts that ran, in order (after the versioned ones)
     */
    public TargetResult {
        applied = List.copyOf(applied);
        repeatables = List.copyOf(repeatables);
    }

    /**
     * A result without repeatable scripts.
     *
     * @param target the target, schema resolved
     * @param applied the scripts applied, in order
     * @param currentVersion the newest applied version afterwards; empty when nothing is applied
     * @param duration the whole time on this target, waiting for the lock included
     */
    public TargetResult(Target target, List<ExecutedScript> applied, Optional<Version> currentVersion, Duration duration) {
        this(target, applied, currentVersion, duration, List.of());
    }
}
