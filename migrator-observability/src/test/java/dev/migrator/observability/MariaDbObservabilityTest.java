package dev.migrator.observability;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;

/** {@link AbstractObservabilityTest} on MariaDB. */
class MariaDbObservabilityTest extends AbstractObservabilityTest {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.mariadb();
    }

    @Override
    String schema() {
        return database.database();
    }
}
