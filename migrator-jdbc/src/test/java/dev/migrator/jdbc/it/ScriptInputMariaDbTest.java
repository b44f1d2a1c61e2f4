package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class ScriptInputMariaDbTest extends AbstractScriptInputTest {
    ScriptInputMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
