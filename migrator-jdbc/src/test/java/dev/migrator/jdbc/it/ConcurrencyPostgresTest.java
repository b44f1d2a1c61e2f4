package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ConcurrencyPostgresTest extends AbstractConcurrencyTest {
    ConcurrencyPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
