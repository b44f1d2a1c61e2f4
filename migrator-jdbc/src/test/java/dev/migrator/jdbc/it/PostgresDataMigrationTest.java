package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresDataMigrationTest extends AbstractDataMigrationTest {

    PostgresDataMigrationTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    String timestampType() {
        return "timestamptz";
    }

    @Override
    String jsonType() {
        return "jsonb";
    }
}
