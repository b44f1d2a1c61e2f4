package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class RepeatableMariaDbTest extends AbstractRepeatableTest {
    RepeatableMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
