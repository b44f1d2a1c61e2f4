package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class MariaDbDataSessionTest extends AbstractDataSessionTest {

    MariaDbDataSessionTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    List<String> allTypesDdl() {
        return MariaDbBackupTest.ALL_TYPES_DDL;
    }

    @Override
    List<String> allTypesRows() {
        return MariaDbBackupTest.ALL_TYPES_ROWS;
    }

    @Override
    List<String> childWithOrphansDdl() {
        return List.of("CREATE TABLE parent (id int PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) "
                        + "REFERENCES parent (id)) ENGINE=InnoDB",
                "INSERT INTO parent VALUES (1)",
                "SET FOREIGN_KEY_CHECKS = 0",
                "INSERT INTO child VALUES (1, 1), (2, 99), (3, NULL), (4, 98)",
                "SET FOREIGN_KEY_CHECKS = 1");
    }

    @Override
    void killOtherConnections(Connection admin) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? "
                + "AND ID <> CONNECTION_ID()")) {
            ps.setString(1, db.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        try (Statement s = admin.createStatement()) {
            for (long id : ids) {
                s.execute("KILL " + id);
            }
        }
    }
}
