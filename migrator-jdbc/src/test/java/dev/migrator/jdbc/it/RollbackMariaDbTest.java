package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class RollbackMariaDbTest extends AbstractRollbackTest {
    RollbackMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
