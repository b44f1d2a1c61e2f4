package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.MigrateContract;
import dev.migrator.testkit.KitServer;

// tag::suite[]
class EtcdMigrateTest extends MigrateContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
// end::suite[]
