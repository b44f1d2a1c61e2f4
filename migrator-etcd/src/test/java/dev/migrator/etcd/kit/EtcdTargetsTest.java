package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.TargetsContract;
import dev.migrator.testkit.KitServer;

class EtcdTargetsTest extends TargetsContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
