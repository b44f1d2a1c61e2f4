package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class CreatePostgresTest extends AbstractCreateTest {
    CreatePostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
