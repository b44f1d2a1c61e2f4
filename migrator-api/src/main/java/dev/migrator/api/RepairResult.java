package dev.migrator.api;

import java.util.List;

/**
 * What {@code repair()} changed in the history.
 *
 * @param actions one per history entry changed
 */
public record RepairResult(List<Action> actions) {
    /**
     * Copies the list.
     *
     * @param actions one per history entry changed
     */
    public RepairResult {
        actions = List.copyOf(actions);
    }

    /**
     * One change.
     *
     * @param target the target
     * @param version the script version
     * @param name the script name
     * @param kind what was done
     */
    public record Action(Target target, Version version, String name, Kind kind) {}

    /** The kinds of change. */
    public enum Kind {
        /** A failed entry was removed, so the script runs again on the next migrate. */
        REMOVED_FAILED_ENTRY,
        /** A stored checksum was replaced by the edited script's current one. */
        REALIGNED_CHECKSUM
    }
}
