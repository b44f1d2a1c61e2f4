package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DataRunModelContract;
import dev.migrator.testkit.KitServer;

class DataRunModelMongoTest extends DataRunModelContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
