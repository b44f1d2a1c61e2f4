package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DataMigrationContract;
import dev.migrator.testkit.KitServer;

class PostgresDataMigrationContractTest extends DataMigrationContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
