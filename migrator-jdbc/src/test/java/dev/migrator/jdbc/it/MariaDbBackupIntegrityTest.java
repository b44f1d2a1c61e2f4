package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.BackupIntegrityContract;
import dev.migrator.testkit.KitServer;

class MariaDbBackupIntegrityTest extends BackupIntegrityContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
