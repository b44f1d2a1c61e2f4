package dev.migrator.api;

import java.util.List;

/**
 * The plan of a dry run. Nothing was changed.
 *
 * @param plan every script that would run, in order
 * @param executedAndRolledBack targets whose planned statements were executed in a transaction that was then
 *     rolled back, proving they run (databases with transactional DDL, such as PostgreSQL)
 * @param notExecuted explanations for scripts that could only be planned, not executed (e.g. non-transactional)
 * @param repeatables the repeatable scripts that would run after the plan, in order
 */
public record DryRunResult(
        List<PlannedScript> plan, List<Target> executedAndRolledBack, List<String> notExecuted, List<PlannedRepeatable> repeatables) {
    /**
     * Copies the lists.
     *
     * @param plan every script that would run, in order
     * @param executedAndRolledBack targets whose planned statements were executed in a transaction that was then rolled
     *     back, proving they run (databases with transactional DDL, such as PostgreSQL)
     * @param notExecuted explanations for scripts that could only be planned, not executed (e.g. non-transactional)
     * @param repeatables the repeatable scripts that would run after the plan, in order
     */
    public DryRunResult {
        plan = List.copyOf(plan);
        executedAndRolledBack = List.copyOf(executedAndRolledBack);
        notExecuted = List.copyOf(notExecuted);
        repeatables = List.copyOf(repeatables);
    }

    /**
     * A plan without repeatable scripts.
     *
     * @param plan every script that would run, in order
     * @param executedAndRolledBack targets whose planned statements were executed in a transaction that was then rolled
     *     back, proving they run (databases with transactional DDL, such as PostgreSQL)
     * @param notExecuted explanations for scripts that could only be planned, not executed (e.g. non-transactional)
     */
    public DryRunResult(List<PlannedScript> plan, List<Target> executedAndRolledBack, List<String> notExecuted) {
        this(plan, executedAndRolledBack, notExecuted, List.of());
    }
}
