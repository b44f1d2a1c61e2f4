package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.RollbackContract;
import dev.migrator.testkit.KitServer;

class EtcdRollbackTest extends RollbackContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
