package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.RestoreVerificationContract;
import dev.migrator.testkit.KitServer;

/** MariaDB restores in one transaction too: {@code DELETE}, not {@code TRUNCATE}, then batched inserts. */
class MariaDbRestoreVerificationTest extends RestoreVerificationContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
    }
}
