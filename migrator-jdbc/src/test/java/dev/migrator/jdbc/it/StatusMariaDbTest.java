package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class StatusMariaDbTest extends AbstractStatusTest {
    StatusMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
