package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class StatusPostgresTest extends AbstractStatusTest {
    StatusPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
