package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DataRunModelContract;
import dev.migrator.testkit.KitServer;

class DataRunModelMariaDbTest extends DataRunModelContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
