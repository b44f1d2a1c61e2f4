package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class CreateMariaDbTest extends AbstractCreateTest {
    CreateMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
