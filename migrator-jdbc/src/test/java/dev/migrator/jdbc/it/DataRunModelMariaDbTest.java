package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DataRunModelMariaDbTest extends AbstractDataRunModelTest {

    DataRunModelMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
