package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DataMigrationContract;
import dev.migrator.testkit.KitServer;

class MongoDataMigrationContractTest extends DataMigrationContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
