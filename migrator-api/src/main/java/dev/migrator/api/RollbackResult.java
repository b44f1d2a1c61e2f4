package dev.migrator.api;

import java.time.Duration;
import java.util.List;

/**
 * What a rollback undid, newest first.
 *
 * @param rolledBack the down scripts run, in the order run
 * @param duration the whole call
 */
public record RollbackResult(List<ExecutedScript> rolledBack, Duration duration) {
    /**
     * Copies the list.
     *
     * @param rolledBack the down scripts run, in the order run
     * @param duration the whole call
     */
    public RollbackResult {
        rolledBack = List.copyOf(rolledBack);
    }
}
