package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresRestoreVerificationTest extends AbstractRestoreVerificationTest {

    PostgresRestoreVerificationTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
