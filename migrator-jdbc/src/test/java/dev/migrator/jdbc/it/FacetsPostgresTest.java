package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class FacetsPostgresTest extends AbstractFacetsTest {
    FacetsPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
