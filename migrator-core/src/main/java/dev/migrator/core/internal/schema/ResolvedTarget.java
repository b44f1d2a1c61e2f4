package dev.migrator.core.internal.schema;

import dev.migrator.api.Target;
import dev.migrator.spi.Backend;
import java.util.List;
import java.util.Map;

/**
 * A target with everything resolved: the schema (default schema filled in, validated), the environment a schema
 * pattern bound, the backend, its scripts and the placeholders in force, its repeatable scripts (in name order) and
 * its callbacks.
 */
public record ResolvedTarget(
        Target target,
        String schema,
        String environment,
        Backend backend,
        List<LoadedScript> scripts,
        Map<String, String> placeholders,
        List<LoadedScript> repeatables,
        TargetCallbacks callbacks) {}
