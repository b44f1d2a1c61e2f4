package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.testkit.RepeatableContract;

class RepeatableMongoTest extends RepeatableContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
