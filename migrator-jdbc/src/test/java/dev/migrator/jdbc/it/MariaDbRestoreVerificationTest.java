package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

/** MariaDB restores in one transaction too: {@code DELETE}, not {@code TRUNCATE}, then batched inserts. */
class MariaDbRestoreVerificationTest extends AbstractRestoreVerificationTest {

    MariaDbRestoreVerificationTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
