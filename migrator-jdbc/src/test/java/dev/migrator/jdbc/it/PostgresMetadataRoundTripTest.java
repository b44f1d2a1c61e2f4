package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresMetadataRoundTripTest extends AbstractMetadataRoundTripTest {

    PostgresMetadataRoundTripTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
