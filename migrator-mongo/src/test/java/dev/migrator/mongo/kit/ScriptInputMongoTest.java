package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.testkit.ScriptInputContract;

class ScriptInputMongoTest extends ScriptInputContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
