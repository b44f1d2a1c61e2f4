package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.ConcurrencyContract;
import dev.migrator.testkit.KitServer;

class ConcurrencyMariaDbTest extends ConcurrencyContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
