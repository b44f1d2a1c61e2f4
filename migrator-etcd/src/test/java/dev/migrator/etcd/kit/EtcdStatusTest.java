package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.StatusContract;
import dev.migrator.testkit.KitServer;

class EtcdStatusTest extends StatusContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
