package dev.migrator.mongo;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.mongo.internal.MongoBackend;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;

/**
 * The MongoDB backend, found by {@link java.util.ServiceLoader}. It serves {@code mongodb://} and {@code
 * mongodb+srv://} URIs through the official MongoDB Java driver; the client is built on first use and closed with the
 * manager.
 *
 * <p>Connection properties ({@link ConnectionConfig#withProperties}): {@code lockLease}, how long a run's lease
 * lock stays valid without renewal (ISO-8601 such as {@code PT30S}, or seconds; default 30 s, 2 s to 1 h). A crashed
 * run blocks the next start for at most that long.
 */
public final class MongoBackendProvider implements BackendProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public MongoBackendProvider() {}

    @Override
    public String name() {
        return "mongo [mongodb]";
    }

    @Override
    public boolean supports(ConnectionConfig config) {
        return config.url() != null && MongoBackend.isSupported(config.url());
    }

    @Override
    public Backend open(ConnectionConfig config) {
        return MongoBackend.open(config);
    }
}
