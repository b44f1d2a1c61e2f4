package dev.migrator.observability;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;

/** {@link AbstractObservabilityTest} on PostgreSQL. */
class PostgresObservabilityTest extends AbstractObservabilityTest {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    String schema() {
        return "public";
    }
}
