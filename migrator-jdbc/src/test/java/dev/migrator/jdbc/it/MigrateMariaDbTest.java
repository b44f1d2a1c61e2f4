package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;

class MigrateMariaDbTest extends AbstractMigrateTest {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
