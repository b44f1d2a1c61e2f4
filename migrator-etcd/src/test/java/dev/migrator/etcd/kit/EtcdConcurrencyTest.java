package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.ConcurrencyContract;
import dev.migrator.testkit.KitServer;

class EtcdConcurrencyTest extends ConcurrencyContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
