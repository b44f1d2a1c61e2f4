package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.testkit.RepeatableContract;

class RepeatableContractPostgresTest extends RepeatableContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
