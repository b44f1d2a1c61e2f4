package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbBackupIntegrityTest extends AbstractBackupIntegrityTest {

    MariaDbBackupIntegrityTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
