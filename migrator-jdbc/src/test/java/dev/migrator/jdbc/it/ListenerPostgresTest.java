package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ListenerPostgresTest extends AbstractListenerTest {
    ListenerPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
