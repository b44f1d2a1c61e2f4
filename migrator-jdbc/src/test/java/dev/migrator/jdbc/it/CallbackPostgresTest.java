package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class CallbackPostgresTest extends AbstractCallbackTest {
    CallbackPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
