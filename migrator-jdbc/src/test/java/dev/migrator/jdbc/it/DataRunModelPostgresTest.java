package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DataRunModelPostgresTest extends AbstractDataRunModelTest {

    DataRunModelPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
