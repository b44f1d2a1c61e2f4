package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.ConcurrencyContract;
import dev.migrator.testkit.KitServer;

class MongoConcurrencyTest extends ConcurrencyContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
