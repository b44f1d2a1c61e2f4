package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class TargetsPostgresTest extends AbstractTargetsTest {
    TargetsPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
