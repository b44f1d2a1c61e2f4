package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.LockContract;
import dev.migrator.testkit.KitServer;

class EtcdLockTest extends LockContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
