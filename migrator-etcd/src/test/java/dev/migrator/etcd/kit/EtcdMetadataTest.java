package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.MetadataContract;
import dev.migrator.testkit.KitServer;

class EtcdMetadataTest extends MetadataContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
