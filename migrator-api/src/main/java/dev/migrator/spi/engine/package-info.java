/**
 * The bridge from the API to the engine: {@code MigrationManager.builder()}, {@code MetadataManager.builder()} and
 * {@code BackupStore.directory(...)} find an {@link dev.migrator.spi.engine.EngineProvider} with
 * {@link java.util.ServiceLoader} and hand it checked settings. Implemented by {@code migrator-core}; backend authors
 * never need it. On the module path {@code dev.migrator.api} exports this package to {@code dev.migrator.core} alone.
 */
package dev.migrator.spi.engine;
