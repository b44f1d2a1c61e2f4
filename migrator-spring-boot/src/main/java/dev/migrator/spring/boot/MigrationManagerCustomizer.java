package dev.migrator.spring.boot;

import dev.migrator.api.MigrationManager;

/**
 * Adjusts the {@link MigrationManager.Builder} the auto-configuration fills from {@code migrator.*} before it builds
 * the manager: scripts in code, listeners, more connections or targets. Every bean of this type is called, in
 * {@link org.springframework.core.Ordered} order, after the properties were applied.
 */
@FunctionalInterface
public interface MigrationManagerCustomizer {

    /** Changes the builder; called once, before {@code build()}. */
    void customize(MigrationManager.Builder builder);
}
