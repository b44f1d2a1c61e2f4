package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.FacetsContract;
import dev.migrator.testkit.KitServer;

class EtcdFacetsTest extends FacetsContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
