package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class SystemSchemaPostgresTest extends AbstractSystemSchemaTest {
    SystemSchemaPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
