package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DataRunSafetyContract;
import dev.migrator.testkit.KitServer;

class MariaDbDataRunSafetyTest extends DataRunSafetyContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
