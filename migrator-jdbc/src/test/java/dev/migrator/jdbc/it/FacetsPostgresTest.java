package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.FacetsContract;
import dev.migrator.testkit.KitServer;

class FacetsPostgresTest extends FacetsContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
