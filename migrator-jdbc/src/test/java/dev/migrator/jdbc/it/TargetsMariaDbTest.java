package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.TargetsContract;
import dev.migrator.testkit.KitServer;

class TargetsMariaDbTest extends TargetsContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
