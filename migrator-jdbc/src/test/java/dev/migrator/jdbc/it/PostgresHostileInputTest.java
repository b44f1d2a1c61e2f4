package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresHostileInputTest extends AbstractHostileInputTest {
    PostgresHostileInputTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
