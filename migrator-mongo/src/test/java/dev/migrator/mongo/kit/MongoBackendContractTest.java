package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.BackendContract;
import dev.migrator.testkit.KitServer;

/**
 * The backend contract on MongoDB. On a standalone server (the in-process one included) the two transaction tests are
 * skipped by assumption: a standalone has no multi-document transactions.
 */
class MongoBackendContractTest extends BackendContract {

    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
