package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class RepeatablePostgresTest extends AbstractRepeatableTest {
    RepeatablePostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
