package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

class PostgresDataSessionTest extends AbstractDataSessionTest {

    PostgresDataSessionTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    List<String> allTypesDdl() {
        return PostgresBackupTest.ALL_TYPES_DDL;
    }

    @Override
    List<String> allTypesRows() {
        return PostgresBackupTest.ALL_TYPES_ROWS;
    }

    @Override
    List<String> childWithOrphansDdl() {
        return List.of("CREATE TABLE parent (id int PRIMARY KEY)",
                "CREATE TABLE child (id int PRIMARY KEY, parent_id int)",
                "INSERT INTO parent VALUES (1)",
                "INSERT INTO child VALUES (1, 1), (2, 99), (3, NULL), (4, 98)",
                "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID");
    }

    @Override
    void killOtherConnections(Connection admin) throws Exception {
        try (Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND pid <> pg_backend_pid()");
        }
    }
}
