package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.ChecksumContract;
import dev.migrator.testkit.KitServer;

class ChecksumMongoTest extends ChecksumContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
