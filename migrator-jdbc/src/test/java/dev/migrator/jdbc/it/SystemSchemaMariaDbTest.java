package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class SystemSchemaMariaDbTest extends AbstractSystemSchemaTest {
    SystemSchemaMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
