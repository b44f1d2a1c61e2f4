package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.BackupContract;
import dev.migrator.testkit.KitServer;

class MariaDbBackupContractTest extends BackupContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
