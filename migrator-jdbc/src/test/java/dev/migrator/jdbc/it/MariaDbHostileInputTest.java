package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbHostileInputTest extends AbstractHostileInputTest {
    MariaDbHostileInputTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
