package dev.migrator.etcd;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.etcd.internal.EtcdBackend;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;

// tag::provider[]
/**
 * The etcd backend, found by {@link java.util.ServiceLoader}. It serves {@code etcd://host:2379[,host2:2379]/prefix}
 * (plain gRPC) and {@code etcds://...} (TLS, trusting the JVM's certificate authorities) through the official Java
 * client, jetcd; the client is built on first use and closed with the manager.
 *
 * <p>A target's keys live under {@code /{prefix}/{schema}/}; its history and lock under {@code
 * /{prefix}/{schema}/__migrator/}. Connection properties ({@link ConnectionConfig#withProperties}): {@code lockTtl}
 * (the lock lease's time to live, whole seconds 2 to 3600, default 10), {@code maxTxnOps} (default 128) and {@code
 * maxRequestBytes} (default 1572864), which must match the server's {@code --max-txn-ops} and {@code
 * --max-request-bytes}.
 */
public final class EtcdBackendProvider implements BackendProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public EtcdBackendProvider() {}

    @Override
    public String name() {
        return "etcd [etcd]";
    }

    @Override
    public boolean supports(ConnectionConfig config) {
        return config.url() != null && EtcdBackend.isSupported(config.url());
    }

    @Override
    public Backend open(ConnectionConfig config) {
        return EtcdBackend.open(config);
    }
}
// end::provider[]
