package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MigrateMariaDbTest extends AbstractMigrateTest {
    MigrateMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
