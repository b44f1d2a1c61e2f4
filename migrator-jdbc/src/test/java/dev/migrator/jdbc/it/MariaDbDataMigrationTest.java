package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbDataMigrationTest extends AbstractDataMigrationTest {

    MariaDbDataMigrationTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    String timestampType() {
        return "datetime(6)";
    }

    @Override
    String jsonType() {
        return "json";
    }
}
