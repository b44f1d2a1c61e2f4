package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class RollbackPostgresTest extends AbstractRollbackTest {
    RollbackPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
