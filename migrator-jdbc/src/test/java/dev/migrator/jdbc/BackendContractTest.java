package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every JDBC backend must show, run against a real server per subclass. Each test gets a fresh database
 * from {@link dev.migrator.jdbc.testing.TestDatabases}.
 */
abstract class BackendContractTest {

    protected static final String HISTORY = "migrator_history";

    protected TestDatabase db;
    protected Backend backend;
    private final List<TargetSession> sessions = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A fresh database on the server under test. */
    protected abstract TestDatabase createDatabase();

    /** The product the backend must report. */
    protected abstract List<String> expectedProducts();

    /** The schema a target without one uses. */
    protected abstract String expectedDefaultSchema();

    /** Whether DDL is expected to be transactional. */
    protected abstract boolean expectedTransactionalDdl();

    /** The SQLSTATE of a query on a missing table. */
    protected abstract String missingTableState();

    /** Kills, from another connection, the server session that holds the lock of a schema's history table. */
    protected abstract void killLockHolder(Connection admin, String schema, String historyTable) throws SQLException;

    /** Kills, from another connection, the server session behind a work connection. */
    protected abstract void killSession(Connection admin, Connection victim) throws SQLException;

    /** Drops a schema created by a test (on MySQL a schema is a database of its own). */
    protected abstract void dropSchema(Connection admin, String schema) throws SQLException;

    /** A schema name unique to this test's database. */
    protected String schemaName(String suffix) {
        return db.database() + "_" + suffix;
    }

    private final List<String> createdSchemas = new ArrayList<>();

    @BeforeEach
    void openBackend() {
        db = createDatabase();
        ConnectionConfig config = ConnectionConfig.of("core", db.url(), db.user(), db.password());
        BackendProvider provider = provider();
        assertThat(provider.supports(config)).isTrue();
        backend = provider.open(config);
    }

    @AfterEach
    void closeBackend() throws Exception {
        for (TargetSession session : sessions) {
            session.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (db != null) {
            try (Connection admin = db.connect()) {
                for (String schema : createdSchemas) {
                    dropSchema(admin, schema);
                }
            } finally {
                db.close();
            }
        }
    }

    protected static BackendProvider provider() {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p instanceof JdbcBackendProvider) {
                return p;
            }
        }
        throw new AssertionError("JdbcBackendProvider is not registered in META-INF/services");
    }

    protected TargetSession open(String schema) {
        TargetSession session = backend.openSession(schema, HISTORY);
        sessions.add(session);
        return session;
    }

    protected TargetSession openCreated(String schema) {
        TargetSession session = open(schema);
        if (!schema.equals(backend.defaultSchema())) {
            createdSchemas.add(schema);
            session.createSchema();
        }
        return session;
    }

    protected static ParsedStatement sql(String text) {
        return new ParsedStatement(text, 1, false);
    }

    protected long count(String query) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HistoryRow row(int rank, String version, boolean success) {
        return new HistoryRow(rank, version, "create_" + rank, "SQL", "sha256:abc" + rank, "sha256-normalised-v1",
                "tester", Instant.parse("2025-01-02T03:04:05.678Z").plusSeconds(rank), Duration.ofMillis(1234 + rank),
                success, 7 + rank);
    }

    // ---- provider and backend ----

    @Test
    void provider_supportsOwnUrlSchemes_only() {
        BackendProvider provider = provider();
        assertThat(provider.name()).isEqualTo("jdbc [postgresql, mysql, mariadb]");
        assertThat(provider.supports(ConnectionConfig.of("a", "jdbc:postgresql://h/db", null, null))).isTrue();
        assertThat(provider.supports(ConnectionConfig.of("a", "jdbc:mysql://h/db", null, null))).isTrue();
        assertThat(provider.supports(ConnectionConfig.of("a", "jdbc:mariadb://h/db", null, null))).isTrue();
        assertThat(provider.supports(ConnectionConfig.of("a", "jdbc:h2:mem:x", null, null))).isFalse();
        assertThat(provider.supports(ConnectionConfig.of("a", "mongodb://h/db", null, null))).isFalse();
    }

    @Test
    void backend_reportsProductDdlAndDefaultSchema() {
        assertThat(backend.product()).isIn(expectedProducts());
        assertThat(backend.transactionalDdl()).isEqualTo(expectedTransactionalDdl());
        assertThat(backend.defaultSchema()).isEqualTo(expectedDefaultSchema());
    }

    @Test
    void backend_withDataSource_borrowsItAndNeverClosesIt() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(4);
        HikariDataSource ds = new HikariDataSource(hc);
        closeables.add(ds);
        ConnectionConfig config = ConnectionConfig.of("borrowed", ds);
        assertThat(provider().supports(config)).isTrue();
        Backend borrowed = provider().open(config);
        try (TargetSession session = borrowed.openSession(expectedDefaultSchema(), HISTORY)) {
            session.history().createIfMissing();
            assertThat(session.history().exists()).isTrue();
            assertThat(borrowed.product()).isIn(expectedProducts());
        } finally {
            borrowed.close();
        }
        assertThat(ds.isClosed()).isFalse();
        assertThat(ds.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void backend_unreachableServer_failsWithinTimeoutNamingHostPortAndNoPassword() {
        String url = db.url().startsWith("jdbc:postgresql:") ? "jdbc:postgresql://127.0.0.1:1/app" : "jdbc:mysql://127.0.0.1:1/app";
        ConnectionConfig config = ConnectionConfig.of("core", url, "app", "s3cret-Pa55")
                .withConnectTimeout(Duration.ofSeconds(2));
        Backend unreachable = provider().open(config); // lazy: building never touches the network
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> unreachable.openSession("app", HISTORY))
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageStartingWith("Cannot connect to 'core' at 127.0.0.1:1 (")
                    .hasMessageContaining("within PT2S")
                    .hasMessageEndingWith("Check that the server runs and the host, port and credentials are right.")
                    .hasMessageNotContaining("s3cret-Pa55");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            unreachable.close();
        }
    }

    @Test
    void parse_usesTheBackendsSyntax() {
        List<ParsedStatement> statements = parse("SELECT 1;\n-- c\nSELECT 'a;b';", "V1__x.sql");
        assertThat(statements).extracting(ParsedStatement::text).containsExactly("SELECT 1", "SELECT 'a;b'");
        assertThat(statements).extracting(ParsedStatement::line).containsExactly(1, 3);
    }

    // ---- identifiers and schemas ----

    @Test
    void openSession_invalidIdentifiers_areRejectedNamingValueAndRule() {
        for (String bad : List.of("bad;name", "a\"b", "x-y", "a`b", "1abc", "", "a".repeat(64))) {
            assertThatThrownBy(() -> backend.openSession(bad, HISTORY))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]{0,62}");
            assertThatThrownBy(() -> backend.openSession(expectedDefaultSchema(), bad))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> backend.openSession(null, HISTORY)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void schema_createAndExists_quotesMixedCaseName() throws Exception {
        String schema = schemaName("Mixed_Case");
        TargetSession session = open(schema);
        assertThat(session.schema()).isEqualTo(schema);
        assertThat(session.schemaExists()).isFalse();
        createdSchemas.add(schema);
        session.createSchema();
        session.createSchema(); // idempotent
        assertThat(session.schemaExists()).isTrue();
        assertThat(count(schemaCountQuery(schema))).isEqualTo(1);
        // Unqualified names now land in the new schema.
        session.execute(sql("CREATE TABLE t_in_schema (id INT)"));
        assertThat(count(tableCountQuery(schema, "t_in_schema"))).isEqualTo(1);
    }

    protected String schemaCountQuery(String schema) {
        return "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'";
    }

    protected String tableCountQuery(String schema, String table) {
        return "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "' AND table_name = '"
                + table + "'";
    }

    // ---- history ----

    @Test
    void history_missingTable_readsEmptyAndDoesNotExist() {
        TargetSession session = open(expectedDefaultSchema());
        assertThat(session.history().exists()).isFalse();
        assertThat(session.history().read()).isEmpty();
    }

    @Test
    void history_createTwice_thenInsertReadUpdateDelete_roundTripsEveryField() throws Exception {
        String schema = schemaName("hist");
        TargetSession session = openCreated(schema);
        session.history().createIfMissing();
        session.history().createIfMissing();
        assertThat(session.history().exists()).isTrue();
        assertThat(count(tableCountQuery(schema, HISTORY))).isEqualTo(1);

        HistoryRow first = row(1, "20250101120000", true);
        HistoryRow baseline = new HistoryRow(2, "2", "baseline", "BASELINE", null, null, "tester",
                Instant.parse("2025-06-30T23:59:59.001Z"), Duration.ZERO, true, 0);
        HistoryRow failed = row(3, "3.1", false);
        session.history().insert(failed);
        session.history().insert(first);
        session.history().insert(baseline);
        assertThat(session.history().read()).containsExactly(first, baseline, failed);

        HistoryRow repaired = new HistoryRow(3, "3.1", "create_3_fixed", "SQL", "sha256:new", "sha256-normalised-v1",
                "repairer", Instant.parse("2025-02-03T04:05:06.789Z"), Duration.ofSeconds(3), true, 10);
        session.history().update(repaired);
        session.history().delete(2);
        assertThat(session.history().read()).containsExactly(first, repaired);
    }

    @Test
    void history_createIfMissing_from8ThreadsAtOnce_allSucceed() throws Exception {
        String schema = schemaName("race");
        openCreated(schema);
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Backend wide = provider().open(ConnectionConfig.of("race", db.url(), db.user(), db.password())
                .withPool(0, threads))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    try (TargetSession s = wide.openSession(schema, HISTORY)) {
                        barrier.await(10, TimeUnit.SECONDS);
                        s.history().createIfMissing();
                        return s.history().read().size();
                    }
                }));
            }
            for (Future<?> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(tableCountQuery(schema, HISTORY))).isEqualTo(1);
    }

    // ---- transactions and statements ----

    @Test
    void transaction_rollback_removesHistoryRow() {
        TargetSession session = open(expectedDefaultSchema());
        session.history().createIfMissing();
        session.begin();
        session.history().insert(row(1, "1", true));
        assertThat(session.history().read()).hasSize(1);
        session.rollback();
        assertThat(session.history().read()).isEmpty();
    }

    @Test
    void transaction_commit_keepsRowsVisibleToOthers() throws Exception {
        TargetSession session = open(expectedDefaultSchema());
        session.history().createIfMissing();
        session.begin();
        session.execute(sql("INSERT INTO " + HISTORY + " (installed_rank, version, name, type, installed_by,"
                + " installed_at, execution_time_ms, success, statements_completed) VALUES (1, '1', 'n', 'SQL', 'me',"
                + " CURRENT_TIMESTAMP, 1, TRUE, 1)"));
        session.history().insert(row(2, "2", true));
        assertThat(count("SELECT count(*) FROM " + HISTORY)).isZero();
        session.commit();
        assertThat(count("SELECT count(*) FROM " + HISTORY)).isEqualTo(2);
    }

    @Test
    void execute_rejectedStatement_throwsStatementExceptionWithSqlState() {
        TargetSession session = open(expectedDefaultSchema());
        assertThatThrownBy(() -> session.execute(sql("SELECT * FROM no_such_table")))
                .isInstanceOfSatisfying(StatementException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(missingTableState()))
                .hasMessageContaining("no_such_table");
    }

    @Test
    void rollback_onKilledConnection_doesNotThrow() throws Exception {
        TargetSession session = open(expectedDefaultSchema());
        session.begin();
        session.execute(sql("SELECT 1"));
        try (Connection admin = db.connect()) {
            killSession(admin, session.unwrap(Connection.class).orElseThrow());
        }
        session.rollback();
        session.close();
    }

    @Test
    void unwrap_returnsWorkConnection_andEmptyForOtherTypes() throws Exception {
        TargetSession session = open(expectedDefaultSchema());
        Connection c = session.unwrap(Connection.class).orElseThrow();
        assertThat(c).isNotNull();
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(session.unwrap(String.class)).isEmpty();
    }

    // ---- locks ----

    @Test
    void lock_free_isAcquiredAndDescribed() throws Exception {
        TargetSession session = open(expectedDefaultSchema());
        assertThat(session.lock().isHeld()).isFalse();
        assertThat(session.lock().tryAcquire(Duration.ZERO)).isTrue();
        assertThat(session.lock().isHeld()).isTrue();
        assertThat(session.lock().describe()).contains(HISTORY);
        session.lock().release();
        assertThat(session.lock().isHeld()).isFalse();
    }

    @Test
    void lock_heldByOtherSession_waitsThenTimesOut() throws Exception {
        TargetSession holder = open(expectedDefaultSchema());
        TargetSession waiter = open(expectedDefaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        long start = System.nanoTime();
        assertThat(waiter.lock().tryAcquire(Duration.ofMillis(600))).isFalse();
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isBetween(Duration.ofMillis(550), Duration.ofSeconds(3));
        assertThat(waiter.lock().isHeld()).isFalse();
        assertThat(holder.lock().isHeld()).isTrue();
    }

    @Test
    void lock_heldByOtherSession_secondWaitsThenGetsItAfterRelease() throws Exception {
        TargetSession holder = open(expectedDefaultSchema());
        TargetSession waiter = open(expectedDefaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.lock().tryAcquire(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(400);
        assertThat(second).isNotDone();
        holder.lock().release();
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waiter.lock().isHeld()).isTrue();
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isFalse();
    }

    @Test
    void lock_sessionClose_releasesIt() throws Exception {
        TargetSession holder = backend.openSession(expectedDefaultSchema(), HISTORY);
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        holder.close();
        assertThat(open(expectedDefaultSchema()).lock().tryAcquire(Duration.ZERO)).isTrue();
    }

    @Test
    void lock_holderConnectionKilled_isReleasedByDatabase() throws Exception {
        TargetSession holder = open(expectedDefaultSchema());
        TargetSession waiter = open(expectedDefaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        try (Connection admin = db.connect()) {
            killLockHolder(admin, expectedDefaultSchema(), HISTORY);
        }
        assertThat(waiter.lock().tryAcquire(Duration.ofSeconds(10))).isTrue();
        assertThat(holder.lock().isHeld()).isFalse();
        holder.lock().release(); // harmless on a dead connection
    }

    @Test
    void lock_differentSchemasOrTables_doNotBlockEachOther() throws Exception {
        TargetSession a = openCreated(schemaName("tenant_a"));
        TargetSession b = openCreated(schemaName("tenant_b"));
        TargetSession otherTable = backend.openSession(schemaName("tenant_a"), "other_history");
        sessions.add(otherTable);
        assertThat(a.lock().tryAcquire(Duration.ZERO)).isTrue();
        assertThat(b.lock().tryAcquire(Duration.ZERO)).isTrue();
        assertThat(otherTable.lock().tryAcquire(Duration.ZERO)).isTrue();
        assertThat(a.lock().describe()).isNotEqualTo(b.lock().describe());
    }

    @Test
    void lock_interruptedWhileWaiting_throwsInterruptedException() throws Exception {
        TargetSession holder = open(expectedDefaultSchema());
        TargetSession waiter = open(expectedDefaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                waiter.lock().tryAcquire(Duration.ofSeconds(30));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(waiter.lock().isHeld()).isFalse();
    }

    /** Helper for subclasses: a config with extra driver properties. */
    protected ConnectionConfig config(Map<String, String> properties) {
        return ConnectionConfig.of("core", db.url(), db.user(), db.password()).withProperties(properties);
    }

    /** The backend's statements of a script given as a string (the SPI reads a stream). */
    private List<ParsedStatement> parse(String text, String source) {
        List<ParsedStatement> statements = new java.util.ArrayList<>();
        backend.parse(new java.io.StringReader(text), source).forEachRemaining(statements::add);
        return statements;
    }
}
