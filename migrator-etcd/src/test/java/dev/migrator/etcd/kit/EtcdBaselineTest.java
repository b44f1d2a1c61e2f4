package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.BaselineContract;
import dev.migrator.testkit.KitServer;

class EtcdBaselineTest extends BaselineContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
