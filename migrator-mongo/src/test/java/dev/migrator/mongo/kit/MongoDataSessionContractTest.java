package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DataSessionContract;
import dev.migrator.testkit.KitServer;

class MongoDataSessionContractTest extends DataSessionContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
