package dev.migrator.jdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabasesTest {

    @Test
    void postgres_createsFreshDatabase_andDropsItOnClose() throws Exception {
        String name;
        try (TestDatabase db = TestDatabases.postgres()) {
            name = db.database();
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.POSTGRESQL);
            assertThat(db.url()).startsWith("jdbc:postgresql:").endsWith("/" + name);
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(name);
            }
            // An open connection must not stop close() from dropping the database.
            Connection left = db.connect();
            left.setAutoCommit(false);
        }
        try (TestDatabase other = TestDatabases.postgres();
                Connection c = other.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void mariadb_createsFreshDatabase_andDropsItOnClose() throws Exception {
        String name;
        try (TestDatabase db = TestDatabases.mariadb()) {
            name = db.database();
            assertThat(db.kind()).isEqualTo(TestDatabase.Kind.MARIADB);
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(name);
            }
        }
        try (TestDatabase other = TestDatabases.mariadb();
                Connection c = other.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
