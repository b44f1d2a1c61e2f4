package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class CallbackMariaDbTest extends AbstractCallbackTest {
    CallbackMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
