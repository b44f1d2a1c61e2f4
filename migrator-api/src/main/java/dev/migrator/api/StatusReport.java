package dev.migrator.api;

import java.util.List;

/**
 * Every script of every target with its state, in target then version order.
 *
 * @param scripts the statuses of versioned scripts
 * @param repeatables the statuses of repeatable scripts, in target then name order
 */
public record StatusReport(List<ScriptStatus> scripts, List<RepeatableStatus> repeatables) {
    /**
     * Copies the lists.
     *
     * @param scripts the statuses of versioned scripts
     * @param repeatables the statuses of repeatable scripts, in target then name order
     */
    public StatusReport {
        scripts = List.copyOf(scripts);
        repeatables = List.copyOf(repeatables);
    }

    /**
     * A report of versioned scripts only.
     *
     * @param scripts the statuses of versioned scripts
     */
    public StatusReport(List<ScriptStatus> scripts) {
        this(scripts, List.of());
    }

    /**
     * {@return the scripts in one state}
     *
     * @param state the state wanted
     */
    public List<ScriptStatus> inState(ScriptState state) {
        return scripts.stream().filter(s -> s.state() == state).toList();
    }

    /**
     * {@return the statuses of one target}
     *
     * @param target the target wanted
     */
    public List<ScriptStatus> of(Target target) {
        return scripts.stream().filter(s -> s.target().equals(target)).toList();
    }
}
