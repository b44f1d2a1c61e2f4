package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class BaselinePostgresTest extends AbstractBaselineTest {
    BaselinePostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
