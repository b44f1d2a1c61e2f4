package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ChecksumPostgresTest extends AbstractChecksumTest {
    ChecksumPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
