package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DryRunContract;
import dev.migrator.testkit.KitServer;

class DryRunMongoTest extends DryRunContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
