package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.RollbackContract;
import dev.migrator.testkit.KitServer;

class RollbackMariaDbTest extends RollbackContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
