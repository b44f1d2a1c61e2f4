package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DataRunSafetyContract;
import dev.migrator.testkit.KitServer;

class MongoDataRunSafetyTest extends DataRunSafetyContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
