package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.RestoreVerificationContract;
import dev.migrator.testkit.KitServer;

class MongoRestoreVerificationTest extends RestoreVerificationContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
