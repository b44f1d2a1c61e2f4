package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DataContract;
import dev.migrator.testkit.KitServer;

class MariaDbDataContractTest extends DataContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
