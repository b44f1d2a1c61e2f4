package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ConfigurationMariaDbTest extends AbstractConfigurationTest {
    ConfigurationMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
