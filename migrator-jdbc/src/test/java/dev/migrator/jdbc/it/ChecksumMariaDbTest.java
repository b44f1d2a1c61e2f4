package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ChecksumMariaDbTest extends AbstractChecksumTest {
    ChecksumMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
