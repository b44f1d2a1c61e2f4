package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ListenerMariaDbTest extends AbstractListenerTest {
    ListenerMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
