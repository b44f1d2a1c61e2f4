package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresJdbcMetadataLoaderTest extends AbstractJdbcMetadataLoaderTest {
    PostgresJdbcMetadataLoaderTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
