package dev.migrator.api;

import java.util.List;

/**
 * A repeatable script a dry run would run (new, changed, or failed last time), with the statements it would send.
 *
 * @param target the target, schema resolved
 * @param name the name
 * @param transactional whether it would run in a transaction
 * @param statements the statements, in order; Java code shows as one line naming its class
 */
public record PlannedRepeatable(Target target, String name, boolean transactional, List<String> statements) {
    /**
     * Copies the list.
     *
     * @param target the target, schema resolved
     * @param name the name
     * @param transactional whether it would run in a transaction
     * @param statements the statements, in order; Java code shows as one line naming its class
     */
    public PlannedRepeatable {
        statements = List.copyOf(statements);
    }
}
