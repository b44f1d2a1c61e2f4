package dev.migrator.mongo.internal;

import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.MetadataLoaderProvider;

/**
 * The {@code mongodb:} metadata loaders, found by {@link java.util.ServiceLoader}: configs of protocol {@code mongodb:}
 * whose connection is a {@code mongodb://} or {@code mongodb+srv://} URI. Each loader builds its own {@code MongoClient}
 * and closes it when closed; see {@link MongoMetadataLoader}.
 */
public final class MongoMetadataLoaderProvider implements MetadataLoaderProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public MongoMetadataLoaderProvider() {}

    @Override
    public String protocol() {
        return "mongodb:";
    }

    @Override
    public boolean supports(MetadataLoaderConfig config) {
        return "mongodb:".equals(config.protocol()) && config.connection() != null && config.connection().url() != null
                && MongoBackend.isSupported(config.connection().url());
    }

    @Override
    public MetadataLoader open(MetadataLoaderConfig config) {
        return MongoMetadataLoader.open(config);
    }
}
