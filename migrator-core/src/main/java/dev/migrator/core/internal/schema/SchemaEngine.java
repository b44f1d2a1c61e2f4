package dev.migrator.core.internal.schema;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.Target;

/**
 * What a sub-engine (a project copy) needs of the schema engine: the migrations of one target. Sub-engines depend on
 * this rather than on the public {@code MigrationManager}, so that what they may call is named and small.
 */
@FunctionalInterface
public interface SchemaEngine {

    /** Applies the pending scripts of {@code target}, as {@code MigrationManager.migrate(Target)} does. */
    MigrateResult migrate(Target target);
}
