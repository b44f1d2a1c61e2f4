package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.DryRunContract;
import dev.migrator.testkit.KitServer;

class DryRunMariaDbTest extends DryRunContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
