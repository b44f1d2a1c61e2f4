package dev.migrator.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One repeatable script's state on one target.
 *
 * @param target the target, schema resolved
 * @param name the script's name
 * @param state applied, pending (new or changed) or failed
 * @param lastRunAt when its last recorded run ended (successful or not); empty when it never ran here
 */
public record RepeatableStatus(Target target, String name, RepeatableState state, Optional<Instant> lastRunAt) {
    /**
     * Rejects nulls.
     *
     * @param target the target, schema resolved
     * @param name the script's name
     * @param state applied, pending (new or changed) or failed
     * @param lastRunAt when its last recorded run ended (successful or not); empty when it never ran here
     */
    public RepeatableStatus {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastRunAt, "lastRunAt");
    }
}
