/**
 * What application code imports: {@link dev.migrator.api.MigrationManager} (built with
 * {@code MigrationManager.builder()}, which finds the engine on the class path or the module path) for schema migrations,
 * backups and data migrations; {@link dev.migrator.api.MetadataManager} and {@link dev.migrator.api.MetadataLoader}
 * for metadata storage; {@link dev.migrator.api.BackupStore} for backups kept apart from a manager; and the values,
 * results, events and exceptions these operations take and return. Every exception extends
 * {@link dev.migrator.api.MigratorException} and carries a stable {@link dev.migrator.api.ErrorCode}.
 *
 * <p>This package depends on the JDK only: no driver, pool or JSON type appears in a signature. The engine
 * ({@code migrator-core}) and the backends ({@code migrator-jdbc}, {@code migrator-mongo}) are run-time dependencies;
 * on the module path they export nothing, so nothing but this package and {@link dev.migrator.spi} can be imported.
 */
package dev.migrator.api;
