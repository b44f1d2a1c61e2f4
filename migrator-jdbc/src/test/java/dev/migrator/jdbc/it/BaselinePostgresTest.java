package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.BaselineContract;
import dev.migrator.testkit.KitServer;

class BaselinePostgresTest extends BaselineContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
