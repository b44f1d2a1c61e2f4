package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.RepeatableContract;
import dev.migrator.testkit.KitServer;

class EtcdRepeatableTest extends RepeatableContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
