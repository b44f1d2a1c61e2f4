package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.jdbc.internal.mysql.MysqlDialect;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.spi.Backend;
import dev.migrator.spi.TargetSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbBackendContractTest extends JdbcBackendContractTest {

    @Override
    protected KitServer server() {
        return JdbcKitServer.MARIADB;
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

    @Test
    void defaultSchema_urlWithoutDatabase_throwsConfigurationExceptionAskingForOne() {
        String url = "jdbc:mysql://" + db.host() + ":" + db.port() + "/";
        try (Backend noDatabase = provider().open(ConnectionConfig.of("core", url, db.user(), db.password()))) {
            assertThatThrownBy(noDatabase::defaultSchema)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Connection 'core'")
                    .hasMessageContaining("Put a database in the URL");
        }
    }

    @Test
    void backend_mariadbUrlScheme_isServedByConnectorJ() {
        String url = db.url().replace("jdbc:mysql:", "jdbc:mariadb:");
        try (Backend maria = provider().open(ConnectionConfig.of("core", url, db.user(), db.password()));
                TargetSession session = maria.openSession(db.database(), HISTORY)) {
            session.history().createIfMissing();
            assertThat(session.history().exists()).isTrue();
            assertThat(maria.product()).isIn(server().expectedProducts());
        }
    }
}
