package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;

class ScriptInputMariaDbTest extends AbstractScriptInputTest {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
