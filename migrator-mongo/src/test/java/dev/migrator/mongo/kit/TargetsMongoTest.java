package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.TargetsContract;
import dev.migrator.testkit.KitServer;

class TargetsMongoTest extends TargetsContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
