package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class MariaDbDataMigrationTest extends AbstractDataMigrationTest {

    MariaDbDataMigrationTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    String timestampType() {
        return "datetime(6)";
    }

    @Override
    String jsonType() {
        return "json";
    }

    @Override
    void killOtherConnections() {
        for (String id : queryStrings("SELECT id FROM information_schema.processlist WHERE "
                + "db = database() AND id <> connection_id()")) {
            sql("KILL " + id);
        }
    }
}
