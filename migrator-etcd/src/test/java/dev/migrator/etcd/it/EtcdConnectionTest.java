package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.etcd.EtcdBackendProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URL and properties of an etcd connection are checked when it is opened, before any server is reached. */
class EtcdConnectionTest {

    private final EtcdBackendProvider provider = new EtcdBackendProvider();

    @Test
    void open_urlWithQuery_isRefusedNamingTheForm() {
        assertThatThrownBy(() -> provider.open(ConnectionConfig.of("core", "etcd://h:2379/app?x=1", null, null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Connection 'core': the etcd URL etcd://h:2379/app?x=1 is invalid (it has query parameters; etcd "
                        + "connections take properties instead (lockTtl, maxTxnOps, maxRequestBytes)). Use the form "
                        + "etcd://host:2379[,host2:2379]/prefix, or etcds:// for TLS.");
    }

    @Test
    void open_prefixLeavingTheRoot_isRefused() {
        assertThatThrownBy(() -> provider.open(ConnectionConfig.of("core", "etcd://h1:2379,h2:2379/app/../x", null, null)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("(the URL's prefix 'app/../x' has a '..' segment; a key cannot leave its schema's prefix)");
    }

    @Test
    void open_unknownOrOutOfRangeProperty_isRefusedWithTheAllowedValues() {
        ConnectionConfig base = ConnectionConfig.of("core", "etcd://h:2379/app", null, null);
        assertThatThrownBy(() -> provider.open(base.withProperties(Map.of("lockLease", "PT30S"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Connection 'core': unknown property 'lockLease' for etcd; the properties are lockTtl (seconds, "
                        + "default 10), maxTxnOps (default 128) and maxRequestBytes (default 1572864).");
        assertThatThrownBy(() -> provider.open(base.withProperties(Map.of("lockTtl", "1"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Connection 'core': lockTtl is '1'; allowed: whole numbers from 2 to 3600.");
    }
}
