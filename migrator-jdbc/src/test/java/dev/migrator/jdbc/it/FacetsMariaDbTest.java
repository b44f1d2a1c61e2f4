package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class FacetsMariaDbTest extends AbstractFacetsTest {
    FacetsMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
