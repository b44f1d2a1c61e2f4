package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class LockMariaDbTest extends AbstractLockTest {
    LockMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
