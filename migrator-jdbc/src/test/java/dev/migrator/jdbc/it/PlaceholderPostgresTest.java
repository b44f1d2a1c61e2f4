package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PlaceholderPostgresTest extends AbstractPlaceholderTest {
    PlaceholderPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
