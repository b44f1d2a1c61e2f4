package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.ListenerContract;
import dev.migrator.testkit.KitServer;

class EtcdListenerTest extends ListenerContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
