package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresProjectCopyTest extends AbstractProjectCopyTest {

    PostgresProjectCopyTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    /** The second database has its own schemas: the default mapping, same name, is used. */
    @Override
    String targetSchemaFor(String sourceSchema) {
        return sourceSchema;
    }
}
