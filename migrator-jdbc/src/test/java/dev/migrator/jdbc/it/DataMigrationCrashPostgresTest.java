package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DataMigrationCrashPostgresTest extends AbstractDataMigrationCrashTest {
    DataMigrationCrashPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
