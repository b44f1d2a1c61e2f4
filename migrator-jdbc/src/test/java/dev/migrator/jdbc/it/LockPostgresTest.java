package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;

class LockPostgresTest extends AbstractLockTest {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
