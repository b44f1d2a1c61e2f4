package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ScriptInputPostgresTest extends AbstractScriptInputTest {
    ScriptInputPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
