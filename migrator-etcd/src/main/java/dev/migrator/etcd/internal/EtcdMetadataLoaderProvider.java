package dev.migrator.etcd.internal;

import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.MetadataLoaderProvider;

/**
 * The {@code etcd:} metadata loaders, found by {@link java.util.ServiceLoader}: configs of protocol {@code etcd:} whose
 * connection is an {@code etcd://} or {@code etcds://} URL. Each loader builds its own client and closes it when
 * closed; see {@link EtcdMetadataLoader}.
 */
public final class EtcdMetadataLoaderProvider implements MetadataLoaderProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public EtcdMetadataLoaderProvider() {}

    @Override
    public String protocol() {
        return "etcd:";
    }

    @Override
    public boolean supports(MetadataLoaderConfig config) {
        return "etcd:".equals(config.protocol()) && config.connection() != null && config.connection().url() != null
                && EtcdBackend.isSupported(config.connection().url());
    }

    @Override
    public MetadataLoader open(MetadataLoaderConfig config) {
        return EtcdMetadataLoader.open(config);
    }
}
