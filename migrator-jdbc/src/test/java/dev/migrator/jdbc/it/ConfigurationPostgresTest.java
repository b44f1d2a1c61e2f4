package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ConfigurationPostgresTest extends AbstractConfigurationTest {
    ConfigurationPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
