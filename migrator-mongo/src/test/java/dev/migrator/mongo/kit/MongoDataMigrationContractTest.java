package dev.migrator.mongo.kit;

import dev.migrator.mongo.testing.MongoKitServer;
import dev.migrator.testkit.DataMigrationContract;
import dev.migrator.testkit.KitServer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class MongoDataMigrationContractTest extends DataMigrationContract {
    @Override
    protected KitServer server() {
        return MongoKitServer.INSTANCE;
    }

    /**
     * Known bug, found when this suite first ran on MongoDB: {@code RecordSource.backup} of a MongoDB backup hands the
     * backup file's Extended JSON wrappers on as values ({@code {"$numberLong": "99"}}, {@code {"$numberDecimal":
     * "99.25"}}), so the copy stores nested documents instead of numbers. Remove this override once backups of MongoDB
     * documents cross the SPI as documents (the work on {@code SnapshotSession}/{@code LoadSession}).
     */
    @Test
    @Disabled("Known bug: a MongoDB backup read as a data migration source yields Extended JSON wrappers as values")
    @Override
    public void migrateData_fromABackup_loadsItsRowsIntoAnotherTable() {
        super.migrateData_fromABackup_loadsItsRowsIntoAnotherTable();
    }
}
