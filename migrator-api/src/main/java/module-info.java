/**
 * The public API of migrator ({@code dev.migrator.api}) and what a backend implements ({@code dev.migrator.spi}).
 * Depends on the JDK only.
 *
 * <p>The engine bridge ({@code dev.migrator.spi.engine}) is exported to {@code dev.migrator.core} alone: on the module
 * path neither application code nor a backend can reach it. The engine and the metadata loaders are found with
 * {@link java.util.ServiceLoader}; on the class path the same providers are found through their
 * {@code META-INF/services} files, which every implementation module keeps.
 */
module dev.migrator.api {
    // javax.sql.DataSource is in the builders' signatures (ConnectionConfig, MetadataLoaderConfig): a caller that passes
    // one reads java.sql without requiring it itself.
    requires transitive java.sql;

    exports dev.migrator.api;
    exports dev.migrator.spi;
    exports dev.migrator.spi.engine to dev.migrator.core;

    // Loaded here: MigrationManager, MetadataManager and BackupStore look up the engine; MetadataLoaders the loaders;
    // MigrationManager.Builder the listener providers (migrator-observability).
    uses dev.migrator.spi.engine.EngineProvider;
    uses dev.migrator.spi.MetadataLoaderProvider;
    uses dev.migrator.spi.ListenerProvider;
}
