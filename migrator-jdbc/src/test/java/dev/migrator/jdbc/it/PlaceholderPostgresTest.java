package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;

class PlaceholderPostgresTest extends AbstractPlaceholderTest {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
