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
    // jetcd's jars are automatic modules, which require nothing: the named modules they use are required here, so that
    // on the module path they are resolved without --add-modules (Guava, Failsafe, Vert.x, which brings Netty).
    requires com.google.common;
    requires dev.failsafe.core;
    requires io.vertx.core;

    // tag::provides[]
    provides dev.migrator.spi.BackendProvider with dev.migrator.etcd.EtcdBackendProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.etcd.internal.EtcdMetadataLoaderProvider;
    // end::provides[]
}
