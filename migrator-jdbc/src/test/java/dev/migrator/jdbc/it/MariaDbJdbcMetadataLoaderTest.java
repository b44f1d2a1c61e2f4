package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbJdbcMetadataLoaderTest extends AbstractJdbcMetadataLoaderTest {
    MariaDbJdbcMetadataLoaderTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
