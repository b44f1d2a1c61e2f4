package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.internal.MysqlDialect;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

class MariaDbBackendContractTest extends BackendContractTest {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.mariadb();
    }

    @Override
    protected List<String> expectedProducts() {
        return List.of("mariadb", "mysql");
    }

    @Override
    protected String expectedDefaultSchema() {
        return db.database();
    }

    @Override
    protected boolean expectedTransactionalDdl() {
        return false;
    }

    @Override
    protected String missingTableState() {
        return "42S02";
    }

    @Override
    protected void killLockHolder(Connection admin, String schema, String historyTable) throws SQLException {
        Object name = new MysqlDialect().lockSql("mysql", schema, historyTable).key();
        long id;
        try (PreparedStatement ps = admin.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            ps.setObject(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
                assertThat(rs.wasNull()).as("a session holds " + name).isFalse();
            }
        }
        try (Statement s = admin.createStatement()) {
            s.execute("KILL " + id);
        }
    }

    @Override
    protected void killSession(Connection admin, Connection victim) throws SQLException {
        long id;
        try (Statement s = victim.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (Statement s = admin.createStatement()) {
            s.execute("KILL " + id);
        }
    }

    @Override
    protected void dropSchema(Connection admin, String schema) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
        }
    }
}
