package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbDataRunSafetyTest extends AbstractDataRunSafetyTest {

    MariaDbDataRunSafetyTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
