package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.RestoreVerificationContract;
import dev.migrator.testkit.KitServer;

class PostgresRestoreVerificationTest extends RestoreVerificationContract {
    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }
}
