package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.ChecksumContract;
import dev.migrator.testkit.KitServer;

class EtcdChecksumTest extends ChecksumContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
