package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresDataRunSafetyTest extends AbstractDataRunSafetyTest {

    PostgresDataRunSafetyTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
