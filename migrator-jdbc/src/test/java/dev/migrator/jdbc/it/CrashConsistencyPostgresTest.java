package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class CrashConsistencyPostgresTest extends AbstractCrashConsistencyTest {
    CrashConsistencyPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
