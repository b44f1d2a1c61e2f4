package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.TargetSession;
import dev.migrator.testkit.BackendContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend contract of the test kit ({@link BackendContract}) on each JDBC server, and what only JDBC backends
 * show: borrowed data sources, SQL splitting, work connections in auto-commit, and native locks freed by the database
 * when their holder's connection is killed.
 */
abstract class JdbcBackendContractTest extends BackendContract {

    protected TestDatabase db;

    /** Kills, from another connection, the server session that holds the lock of a schema's history table. */
    protected abstract void killLockHolder(Connection admin, String schema, String historyTable) throws SQLException;

    /** Kills, from another connection, the server session behind a work connection. */
    protected abstract void killSession(Connection admin, Connection victim) throws SQLException;

    @BeforeEach
    void jdbcDatabase() {
        db = JdbcKitServer.testDatabase(kit);
    }

    protected static ParsedStatement sql(String text) {
        return statement(text);
    }

    protected long count(String query) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected String tableCountQuery(String schema, String table) {
        return "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "' AND table_name = '"
                + table + "'";
    }

    /** Helper for subclasses: a config with extra driver properties. */
    protected ConnectionConfig config(Map<String, String> properties) {
        return ConnectionConfig.of("core", db.url(), db.user(), db.password()).withProperties(properties);
    }

    @Test
    void backend_withDataSource_borrowsItAndNeverClosesIt() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            ConnectionConfig config = ConnectionConfig.of("borrowed", ds);
            assertThat(provider().supports(config)).isTrue();
            Backend borrowed = provider().open(config);
            try (TargetSession session = borrowed.openSession(defaultSchema(), HISTORY)) {
                session.history().createIfMissing();
                assertThat(session.history().exists()).isTrue();
                assertThat(borrowed.product()).isIn(server().expectedProducts());
            } finally {
                borrowed.close();
            }
            assertThat(ds.isClosed()).isFalse();
            assertThat(ds.getHikariPoolMXBean().getActiveConnections()).isZero();
        }
    }

    @Test
    void backend_unreachableServer_messageSaysWhereAndWhatToCheck() {
        ConnectionConfig config = ConnectionConfig.of("core", server().unreachableUrl(), "app", "s3cret-Pa55")
                .withConnectTimeout(Duration.ofSeconds(2));
        Backend unreachable = provider().open(config); // lazy: building never touches the network
        try {
            assertThatThrownBy(() -> unreachable.openSession("app", HISTORY))
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageStartingWith("Cannot connect to 'core' at 127.0.0.1:1 (")
                    .hasMessageContaining("within PT2S")
                    .hasMessageEndingWith("Check that the server runs and the host, port and credentials are right.")
                    .hasMessageNotContaining("s3cret-Pa55");
        } finally {
            unreachable.close();
        }
    }

    /** The SPI's callers validate identifiers; the JDBC backend checks them again before they reach any SQL text. */
    @Test
    void openSession_invalidIdentifiers_areRejectedNamingValueAndRule() {
        for (String bad : List.of("bad;name", "a\"b", "x-y", "a`b", "1abc", "", "a".repeat(64))) {
            assertThatThrownBy(() -> backend.openSession(bad, HISTORY))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]{0,62}");
            assertThatThrownBy(() -> backend.openSession(defaultSchema(), bad))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> backend.openSession(null, HISTORY)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void parse_usesTheBackendsSyntax() {
        List<ParsedStatement> statements = parse("SELECT 1;\n-- c\nSELECT 'a;b';", "V1__x.sql");
        assertThat(statements).extracting(ParsedStatement::text).containsExactly("SELECT 1", "SELECT 'a;b'");
        assertThat(statements).extracting(ParsedStatement::line).containsExactly(1, 3);
    }

    @Test
    void unwrap_workConnection_isInAutoCommit() throws Exception {
        TargetSession session = open(defaultSchema());
        assertThat(session.unwrap(Connection.class).orElseThrow().getAutoCommit()).isTrue();
    }

    @Test
    void rollback_onKilledConnection_doesNotThrow() throws Exception {
        TargetSession session = open(defaultSchema());
        session.begin();
        session.execute(sql("SELECT 1"));
        try (Connection admin = db.connect()) {
            killSession(admin, session.unwrap(Connection.class).orElseThrow());
        }
        session.rollback();
        session.close();
    }

    @Test
    void lock_holderConnectionKilled_isReleasedByDatabase() throws Exception {
        TargetSession holder = open(defaultSchema());
        TargetSession waiter = open(defaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        try (Connection admin = db.connect()) {
            killLockHolder(admin, defaultSchema(), HISTORY);
        }
        assertThat(waiter.lock().tryAcquire(Duration.ofSeconds(10))).isTrue();
        assertThat(holder.lock().isHeld()).isFalse();
        holder.lock().release(); // harmless on a dead connection
    }

    /** The backend's statements of a script given as a string (the SPI reads a stream). */
    protected List<ParsedStatement> parse(String text, String source) {
        List<ParsedStatement> statements = new java.util.ArrayList<>();
        backend.parse(new java.io.StringReader(text), source).forEachRemaining(statements::add);
        return statements;
    }
}
