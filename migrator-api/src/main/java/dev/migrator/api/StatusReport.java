package dev.migrator.api;

import java.util.List;

/**
 * Every script of every target with its state, in target then version order.
 *
 * @param scripts the statuses
 */
public record StatusReport(List<ScriptStatus> scripts) {
    /** Copies the list. */
    public StatusReport {
        scripts = List.copyOf(scripts);
    }

    /** The scripts in one state. */
    public List<ScriptStatus> inState(ScriptState state) {
        return scripts.stream().filter(s -> s.state() == state).toList();
    }

    /** The statuses of one target. */
    public List<ScriptStatus> of(Target target) {
        return scripts.stream().filter(s -> s.target().equals(target)).toList();
    }
}
