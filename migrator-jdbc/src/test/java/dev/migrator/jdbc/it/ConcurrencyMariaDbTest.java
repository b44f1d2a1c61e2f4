package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ConcurrencyMariaDbTest extends AbstractConcurrencyTest {
    ConcurrencyMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
