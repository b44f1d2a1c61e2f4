package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;

class PostgresDataMigrationTest extends AbstractDataMigrationTest {

    PostgresDataMigrationTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    String timestampType() {
        return "timestamptz";
    }

    @Override
    String jsonType() {
        return "jsonb";
    }

    @Override
    void killOtherConnections() {
        queryStrings("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid()");
    }
}
