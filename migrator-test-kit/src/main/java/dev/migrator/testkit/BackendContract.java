package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The backend contract: what every backend's provider, sessions, history store and lock must do, run against a real
 * server per subclass. Each test gets a fresh database from {@link KitServer#createDatabase()}.
 *
 * <p>Test methods are public so that a backend may override one to say more about it; never to weaken it.
 */
public abstract class BackendContract {

    protected static final String HISTORY = "migrator_history";

    protected KitDatabase kit;
    protected Backend backend;
    private final List<TargetSession> sessions = new ArrayList<>();

    /** The backend under test. */
    protected abstract KitServer server();

    @BeforeEach
    void openBackend() {
        kit = server().createDatabase();
        ConnectionConfig config = kit.config("core");
        BackendProvider provider = provider();
        assertThat(provider.supports(config)).isTrue();
        backend = provider.open(config);
    }

    @AfterEach
    void closeBackend() {
        try {
            for (TargetSession session : sessions) {
                session.close();
            }
            if (backend != null) {
                backend.close();
            }
        } finally {
            if (kit != null) {
                kit.close();
            }
        }
    }

    /** The provider on the class path that serves this backend's connections. */
    protected BackendProvider provider() {
        ConnectionConfig config = ConnectionConfig.of("probe", server().ownUrls().get(0), null, null);
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.supports(config)) {
                return p;
            }
        }
        throw new AssertionError("No BackendProvider in META-INF/services supports " + config.url());
    }

    /** A session on a schema, closed after the test. */
    protected TargetSession open(String schema) {
        TargetSession session = backend.openSession(schema, HISTORY);
        sessions.add(session);
        return session;
    }

    /** A session on a schema created for it (dropped with the test's database). */
    protected TargetSession openCreated(String schema) {
        TargetSession session = open(schema);
        if (!schema.equals(backend.defaultSchema())) {
            session.createSchema();
        }
        return session;
    }

    /** A schema name unique to this test's database, dropped with it. */
    protected String schemaName(String suffix) {
        return kit.schemaName(suffix);
    }

    protected String defaultSchema() {
        return kit.defaultSchema();
    }

    protected static ParsedStatement statement(String text) {
        return new ParsedStatement(text, 1, false);
    }

    protected static HistoryRow row(int rank, String version, boolean success) {
        return new HistoryRow(rank, version, "create_" + rank, "SQL", "sha256:abc" + rank, "sha256-normalised-v1",
                "tester", Instant.parse("2025-01-02T03:04:05.678Z").plusSeconds(rank), Duration.ofMillis(1234 + rank),
                success, 7 + rank);
    }

    // ---- provider and backend ----

    @Test
    public void provider_supportsOwnUrlSchemes_only() {
        BackendProvider provider = provider();
        assertThat(provider.name()).isEqualTo(server().providerName());
        for (String url : server().ownUrls()) {
            assertThat(provider.supports(ConnectionConfig.of("a", url, null, null))).as(url).isTrue();
        }
        for (String url : server().foreignUrls()) {
            assertThat(provider.supports(ConnectionConfig.of("a", url, null, null))).as(url).isFalse();
        }
    }

    @Test
    public void backend_reportsProductDdlAndDefaultSchema() {
        assertThat(backend.product()).isIn(server().expectedProducts());
        assertThat(backend.transactionalDdl()).isEqualTo(server().transactionalDdl());
        assertThat(backend.defaultSchema()).isEqualTo(defaultSchema());
    }

    @Test
    public void backend_unreachableServer_failsWithinTimeoutNamingHostPortAndNoPassword() {
        ConnectionConfig config = ConnectionConfig.of("core", server().unreachableUrl(), "app", "s3cret-Pa55")
                .withConnectTimeout(Duration.ofSeconds(2));
        Backend unreachable = provider().open(config); // lazy: building never touches the network
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (TargetSession s = unreachable.openSession("app", HISTORY)) {
                    s.history().read(); // a backend may connect on first use rather than on open
                }
            })
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageContaining("'core'")
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageNotContaining("s3cret-Pa55");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            unreachable.close();
        }
    }

    // ---- identifiers and schemas ----

    @Test
    public void schema_createAndExists_quotesMixedCaseName() {
        String schema = schemaName("Mixed_Case");
        TargetSession session = open(schema);
        assertThat(session.schema()).isEqualTo(schema);
        assertThat(session.schemaExists()).isFalse();
        session.createSchema();
        session.createSchema(); // idempotent
        assertThat(session.schemaExists()).isTrue();
        assertThat(kit.schemaExists(schema)).isTrue();
        // Unqualified names now land in the new schema.
        session.execute(statement(server().createTable("t_in_schema")));
        assertThat(kit.tableExists(schema, "t_in_schema")).isTrue();
    }

    // ---- history ----

    @Test
    public void history_missingTable_readsEmptyAndDoesNotExist() {
        TargetSession session = open(defaultSchema());
        assertThat(session.history().exists()).isFalse();
        assertThat(session.history().read()).isEmpty();
    }

    @Test
    public void history_createTwice_thenInsertReadUpdateDelete_roundTripsEveryField() {
        String schema = schemaName("hist");
        TargetSession session = openCreated(schema);
        session.history().createIfMissing();
        session.history().createIfMissing();
        assertThat(session.history().exists()).isTrue();
        assertThat(kit.tableExists(schema, HISTORY)).isTrue();

        HistoryRow first = row(1, "20250101120000", true);
        HistoryRow baseline = new HistoryRow(2, "2", "baseline", "BASELINE", null, null, "tester",
                Instant.parse("2025-06-30T23:59:59.001Z"), Duration.ZERO, true, 0);
        HistoryRow failed = row(3, "3.1", false);
        session.history().insert(failed);
        session.history().insert(first);
        session.history().insert(baseline);
        assertThat(session.history().read()).containsExactly(first, baseline, failed);
        assertThat(kit.history(schema, HISTORY)).as("read directly from the database").containsExactly(first, baseline, failed);

        HistoryRow repaired = new HistoryRow(3, "3.1", "create_3_fixed", "SQL", "sha256:new", "sha256-normalised-v1",
                "repairer", Instant.parse("2025-02-03T04:05:06.789Z"), Duration.ofSeconds(3), true, 10);
        session.history().update(repaired);
        session.history().delete(2);
        assertThat(session.history().read()).containsExactly(first, repaired);
    }

    /** A repeatable script's runs are rows without a version: the store keeps the {@code null}, one row per run. */
    @Test
    public void history_rowsWithoutVersion_roundTripAsRepeatableRuns() {
        String schema = schemaName("hrep");
        TargetSession session = openCreated(schema);
        session.history().createIfMissing();

        HistoryRow versioned = row(1, "1", true);
        HistoryRow firstRun = row(2, null, true);
        HistoryRow failedRun = row(3, null, false);
        session.history().insert(versioned);
        session.history().insert(firstRun);
        session.history().insert(failedRun);

        assertThat(session.history().read()).containsExactly(versioned, firstRun, failedRun);
        assertThat(kit.history(schema, HISTORY)).as("read directly from the database").containsExactly(versioned, firstRun,
                failedRun);
    }

    @Test
    public void history_createIfMissing_from8ThreadsAtOnce_allSucceed() throws Exception {
        String schema = schemaName("race");
        openCreated(schema);
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Backend wide = provider().open(kit.config("race").withPool(0, threads))) {
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
        assertThat(kit.tableExists(schema, HISTORY)).isTrue();
        assertThat(kit.history(schema, HISTORY)).isEmpty();
    }

    // ---- transactions and statements ----

    /** Transactions are a feature a MongoDB standalone lacks (the in-process test server is one). */
    private void assumeTransactions() {
        assumeTrue(server().transactions(), server().displayName() + " has no multi-statement transactions");
    }

    @Test
    public void transaction_rollback_removesHistoryRow() {
        assumeTransactions();
        TargetSession session = open(defaultSchema());
        session.history().createIfMissing();
        session.begin();
        session.history().insert(row(1, "1", true));
        assertThat(session.history().read()).hasSize(1);
        session.rollback();
        assertThat(session.history().read()).isEmpty();
    }

    @Test
    public void transaction_commit_keepsStatementAndHistoryRowVisibleToOthers() {
        assumeTransactions();
        TargetSession session = open(defaultSchema());
        session.history().createIfMissing();
        session.execute(statement(server().createTable("committed")));
        session.begin();
        session.execute(statement(server().insert("committed", 1)));
        session.history().insert(row(2, "2", true));
        assertThat(kit.count(defaultSchema(), "committed")).isZero();
        assertThat(kit.count(defaultSchema(), HISTORY)).isZero();
        session.commit();
        assertThat(kit.count(defaultSchema(), "committed")).isEqualTo(1);
        assertThat(kit.count(defaultSchema(), HISTORY)).isEqualTo(1);
    }

    @Test
    public void execute_rejectedStatement_throwsStatementExceptionWithState() {
        TargetSession session = open(defaultSchema());
        assertThatThrownBy(() -> session.execute(statement(server().rejectedStatement("no_such_table"))))
                .isInstanceOfSatisfying(StatementException.class,
                        e -> assertThat(e.sqlState()).isEqualTo(server().rejectedState()))
                .hasMessageContaining("no_such_table");
    }

    @Test
    public void unwrap_returnsNativeHandle_andEmptyForOtherTypes() {
        TargetSession session = open(defaultSchema());
        assertThat(session.unwrap(server().nativeHandle())).isPresent();
        assertThat(session.unwrap(String.class)).isEmpty();
    }

    // ---- locks ----

    @Test
    public void lock_free_isAcquiredAndDescribed() throws Exception {
        TargetSession session = open(defaultSchema());
        assertThat(session.lock().isHeld()).isFalse();
        assertThat(session.lock().tryAcquire(Duration.ZERO)).isTrue();
        assertThat(session.lock().isHeld()).isTrue();
        assertThat(session.lock().describe()).contains(HISTORY);
        session.lock().release();
        assertThat(session.lock().isHeld()).isFalse();
    }

    @Test
    public void lock_heldByOtherSession_waitsThenTimesOut() throws Exception {
        TargetSession holder = open(defaultSchema());
        TargetSession waiter = open(defaultSchema());
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        long start = System.nanoTime();
        assertThat(waiter.lock().tryAcquire(Duration.ofMillis(600))).isFalse();
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isBetween(Duration.ofMillis(550), Duration.ofSeconds(3));
        assertThat(waiter.lock().isHeld()).isFalse();
        assertThat(holder.lock().isHeld()).isTrue();
    }

    @Test
    public void lock_heldByOtherSession_secondWaitsThenGetsItAfterRelease() throws Exception {
        TargetSession holder = open(defaultSchema());
        TargetSession waiter = open(defaultSchema());
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
    public void lock_sessionClose_releasesIt() throws Exception {
        TargetSession holder = backend.openSession(defaultSchema(), HISTORY);
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        holder.close();
        assertThat(open(defaultSchema()).lock().tryAcquire(Duration.ZERO)).isTrue();
    }

    @Test
    public void lock_differentSchemasOrTables_doNotBlockEachOther() throws Exception {
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
    public void lock_interruptedWhileWaiting_throwsInterruptedException() throws Exception {
        TargetSession holder = open(defaultSchema());
        TargetSession waiter = open(defaultSchema());
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
}
