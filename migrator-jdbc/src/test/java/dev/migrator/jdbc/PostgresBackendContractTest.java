package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.internal.Dialect;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.KitServer;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.TargetSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresBackendContractTest extends JdbcBackendContractTest {

    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }

    @Override
    protected void killLockHolder(Connection admin, String schema, String historyTable) throws SQLException {
        long key = Dialect.lockHash(db.database(), schema, historyTable);
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a session holds advisory lock " + key).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @Override
    protected void killSession(Connection admin, Connection victim) throws SQLException {
        int pid;
        try (Statement s = victim.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }

    @Test
    void transaction_rollback_removesCreatedTableAndHistoryRow() throws Exception {
        TargetSession session = open("public");
        session.history().createIfMissing();
        session.begin();
        session.execute(new ParsedStatement("CREATE TABLE rolled_back (id INT)", 1, false));
        session.history().insert(new dev.migrator.spi.HistoryRow(1, "1", "n", "SQL", null, null, "me",
                java.time.Instant.now(), Duration.ofMillis(5), true, 1));
        session.rollback();
        assertThat(count(tableCountQuery("public", "rolled_back"))).isZero();
        assertThat(session.history().read()).isEmpty();
    }

    @Test
    void history_createIfMissing_insideTransaction_thenRollback_leavesNoTable() throws Exception {
        TargetSession session = open("public");
        session.begin();
        session.history().createIfMissing();
        assertThat(session.history().read()).isEmpty();
        session.rollback();
        assertThat(session.history().exists()).isFalse();
    }

    @Test
    void history_readMissingTable_insideTransaction_keepsTransactionUsable() {
        TargetSession session = open("public");
        session.begin();
        assertThat(session.history().read()).isEmpty();
        session.execute(new ParsedStatement("CREATE TABLE still_usable (id INT)", 1, false));
        session.commit();
        assertThat(session.history().exists()).isFalse();
    }

    @Test
    void createIndexConcurrently_onWorkConnection_whileLockHeld_doesNotWaitOnLock() throws Exception {
        TargetSession session = open("public");
        assertThat(session.lock().tryAcquire(Duration.ZERO)).isTrue();
        session.execute(new ParsedStatement("CREATE TABLE big (id INT, v TEXT)", 1, false));
        session.execute(new ParsedStatement("INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g", 1, false));
        List<ParsedStatement> statements = parse("CREATE INDEX CONCURRENTLY big_v_idx ON big (v);", "V2.sql");
        assertThat(statements.get(0).requiresNoTransaction()).isTrue();
        // A lock connection inside a transaction would make this wait forever: bound it so a regression fails.
        CompletableFuture<Void> create = CompletableFuture.runAsync(() -> session.execute(statements.get(0)));
        create.get(20, TimeUnit.SECONDS);
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE indexname = 'big_v_idx'")).isEqualTo(1);
        assertThat(session.lock().isHeld()).isTrue();
    }

    @Test
    void session_restoresSearchPathWhenClosed() throws Exception {
        String schema = schemaName("path");
        try (TargetSession session = backend.openSession(schema, HISTORY)) {
            session.createSchema();
            try (Statement s = session.unwrap(Connection.class).orElseThrow().createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(schema);
            }
        }
        try (TargetSession other = open("public");
                Statement s = other.unwrap(Connection.class).orElseThrow().createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("public");
        }
    }
}
