package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MigratePostgresTest extends AbstractMigrateTest {
    MigratePostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
