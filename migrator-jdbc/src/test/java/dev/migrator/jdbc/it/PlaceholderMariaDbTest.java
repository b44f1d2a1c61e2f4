package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PlaceholderMariaDbTest extends AbstractPlaceholderTest {
    PlaceholderMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
