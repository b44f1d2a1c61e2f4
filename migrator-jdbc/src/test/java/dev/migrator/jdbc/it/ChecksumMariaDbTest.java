package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.ChecksumContract;
import dev.migrator.testkit.KitServer;

class ChecksumMariaDbTest extends ChecksumContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
