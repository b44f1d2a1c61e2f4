package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.BaselineContract;
import dev.migrator.testkit.KitServer;

class BaselineMariaDbTest extends BaselineContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
