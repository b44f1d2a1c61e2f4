package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class LockPostgresTest extends AbstractLockTest {
    LockPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
