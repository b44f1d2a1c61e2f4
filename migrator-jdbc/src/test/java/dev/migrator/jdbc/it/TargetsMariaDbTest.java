package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class TargetsMariaDbTest extends AbstractTargetsTest {
    TargetsMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
