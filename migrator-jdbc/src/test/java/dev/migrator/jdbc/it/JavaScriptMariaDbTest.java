package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class JavaScriptMariaDbTest extends AbstractJavaScriptTest {
    JavaScriptMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
