/**
 * The etcd backend of migrator, built on the SPI alone. It exports nothing: the engine finds it with
 * {@link java.util.ServiceLoader}.
 */
module dev.migrator.etcd {
    requires dev.migrator.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    // jetcd's jars name no module: these are their file-derived automatic module names.
    requires jetcd.core;
    requires jetcd.common;
    // etcds:// builds its TLS context through jetcd's Netty-typed builder.
    requires io.netty.handler;

    provides dev.migrator.spi.BackendProvider with dev.migrator.etcd.EtcdBackendProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.etcd.internal.EtcdMetadataLoaderProvider;
}
