package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbProjectCopyTest extends AbstractProjectCopyTest {

    MariaDbProjectCopyTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    /** Schemas are databases shared by the whole server: the target gets its own unique one. */
    @Override
    String targetSchemaFor(String sourceSchema) {
        return uniqueSchema(sourceSchema + "_t");
    }
}
