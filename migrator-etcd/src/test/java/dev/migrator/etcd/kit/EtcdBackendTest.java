package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.BackendContract;
import dev.migrator.testkit.KitServer;

class EtcdBackendTest extends BackendContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
