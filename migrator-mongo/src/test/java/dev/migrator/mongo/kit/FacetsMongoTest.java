package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.FacetsContract;
import dev.migrator.testkit.KitServer;

class FacetsMongoTest extends FacetsContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
