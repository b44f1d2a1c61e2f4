package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.ListenerContract;
import dev.migrator.testkit.KitServer;

class ListenerMariaDbTest extends ListenerContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
