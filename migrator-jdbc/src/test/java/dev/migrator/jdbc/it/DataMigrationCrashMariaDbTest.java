package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DataMigrationCrashMariaDbTest extends AbstractDataMigrationCrashTest {
    DataMigrationCrashMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
