/**
 * The engine of migrator. It exports nothing: application code reaches it through {@code dev.migrator.api}
 * ({@code MigrationManager.builder()} finds it with {@link java.util.ServiceLoader}), and everything under
 * {@code dev.migrator.core.internal} stays unreachable on the module path, public or not.
 */
module dev.migrator.core {
    requires dev.migrator.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.networknt.schema;
    requires com.github.luben.zstd_jni; // Compression.ZSTD (JNI: its jar carries the native library per platform)

    // Backends are found per build() with the builder's class loader; core never names one.
    uses dev.migrator.spi.BackendProvider;

    provides dev.migrator.spi.engine.EngineProvider with dev.migrator.core.CoreEngineProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.core.internal.metadata.FileMetadataLoaderProvider;
}
