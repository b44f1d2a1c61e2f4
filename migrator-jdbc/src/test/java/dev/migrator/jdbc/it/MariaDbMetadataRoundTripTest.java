package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbMetadataRoundTripTest extends AbstractMetadataRoundTripTest {

    MariaDbMetadataRoundTripTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
