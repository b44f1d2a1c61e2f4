package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DiscoveryPostgresTest extends AbstractDiscoveryTest {
    DiscoveryPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
