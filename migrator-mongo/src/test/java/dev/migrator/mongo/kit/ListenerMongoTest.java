package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.ListenerContract;
import dev.migrator.testkit.KitServer;

class ListenerMongoTest extends ListenerContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
