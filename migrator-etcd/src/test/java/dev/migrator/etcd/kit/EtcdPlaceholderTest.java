package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.PlaceholderContract;
import dev.migrator.testkit.KitServer;

class EtcdPlaceholderTest extends PlaceholderContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
