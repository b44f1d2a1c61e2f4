package dev.migrator.etcd.kit;

import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.ScriptInputContract;
import dev.migrator.testkit.KitServer;

class EtcdScriptInputTest extends ScriptInputContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }
}
