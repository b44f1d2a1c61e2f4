package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.testkit.TargetsContract;

/**
 * The targets suite on MongoDB. Its {@code migrateTarget_createSchemasOff_missingSchemaIsAnErrorAndNothingIsCreated}
 * found that taking the lease lock created the missing database; the check now comes before the lock.
 */
class TargetsMongoTest extends TargetsContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
