package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class JavaScriptPostgresTest extends AbstractJavaScriptTest {
    JavaScriptPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
