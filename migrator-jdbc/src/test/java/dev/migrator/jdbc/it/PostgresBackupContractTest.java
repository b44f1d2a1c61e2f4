package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.BackupContract;
import dev.migrator.testkit.KitServer;

class PostgresBackupContractTest extends BackupContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
