/**
 * Metrics and traces of migrator runs: {@link dev.migrator.observability.MigratorMetrics} (Micrometer) and {@link
 * dev.migrator.observability.MigratorTracing} (OpenTelemetry), both {@link dev.migrator.api.MigrationListener}s that
 * also hear data migrations. With this module on the class path, {@code MigrationManager.builder().build()} adds the
 * global ones by itself for each library present, unless given its own or told {@code discoverListeners(false)}.
 */
package dev.migrator.observability;
