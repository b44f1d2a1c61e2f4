package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.DryRunContract;
import dev.migrator.testkit.KitServer;

class EtcdDryRunTest extends DryRunContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
