package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.BackupIntegrityContract;
import dev.migrator.testkit.KitServer;

class MongoBackupIntegrityTest extends BackupIntegrityContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }
}
