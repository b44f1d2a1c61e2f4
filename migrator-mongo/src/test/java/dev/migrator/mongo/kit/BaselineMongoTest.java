package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.BaselineContract;
import dev.migrator.testkit.KitServer;

class BaselineMongoTest extends BaselineContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
