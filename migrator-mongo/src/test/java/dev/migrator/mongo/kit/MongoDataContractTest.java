package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.testkit.DataContract;

class MongoDataContractTest extends DataContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
