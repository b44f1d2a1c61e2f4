package dev.migrator.spring.boot;

import dev.migrator.api.Target;

/**
 * Whether a target's schema (a database on MySQL/MariaDB and MongoDB) already holds tables or collections other than
 * the history: the second half of the {@code baseline-version} rule, which the library leaves to its caller.
 */
@FunctionalInterface
public interface SchemaProbe {

    /** Whether the target's schema holds anything besides the history table (collection) {@code historyTable}. */
    boolean hasObjects(Target target, String historyTable);
}
