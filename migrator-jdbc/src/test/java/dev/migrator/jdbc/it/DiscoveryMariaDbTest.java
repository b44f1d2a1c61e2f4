package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class DiscoveryMariaDbTest extends AbstractDiscoveryTest {
    DiscoveryMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
