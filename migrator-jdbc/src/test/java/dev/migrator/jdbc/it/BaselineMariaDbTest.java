package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class BaselineMariaDbTest extends AbstractBaselineTest {
    BaselineMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
