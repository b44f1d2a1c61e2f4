package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DataSessionContract;
import dev.migrator.testkit.KitServer;

class MariaDbDataSessionContractTest extends DataSessionContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
