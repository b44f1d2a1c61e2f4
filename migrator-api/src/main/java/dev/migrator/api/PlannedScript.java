package dev.migrator.api;

import java.util.List;

/**
 * A script a dry run would apply, with the statements it would send (placeholders substituted).
 *
 * @param target the target, schema resolved
 * @param version the version
 * @param name the name
 * @param transactional whether it would run in a transaction
 * @param statements the statements, in order; Java code shows as one line naming its class
 */
public record PlannedScript(Target target, Version version, String name, boolean transactional, List<String> statements) {
    /**
     * Copies the list.
     *
     * @param target the target, schema resolved
     * @param version the version
     * @param name the name
     * @param transactional whether it would run in a transaction
     * @param statements the statements, in order; Java code shows as one line naming its class
     */
    public PlannedScript {
        statements = List.copyOf(statements);
    }
}
