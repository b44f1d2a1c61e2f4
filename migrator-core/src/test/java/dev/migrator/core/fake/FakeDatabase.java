package dev.migrator.core.fake;

import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.StatementException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One in-memory database, found by the name in its URL ({@code fake:mem:<name>}): every manager opened on the same name
 * sees the same schemas, tables, histories and locks, as if they shared a server. Tests use a fresh name each and look
 * at what the database holds through the methods here, never through migrator.
 *
 * <p>The registry is static because the engine finds the backend through {@link java.util.ServiceLoader}, so a test
 * cannot hand it an instance; {@link #drop} forgets a database.
 */
public final class FakeDatabase {

    private static final Map<String, FakeDatabase> DATABASES = new ConcurrentHashMap<>();

    private final String name;
    /** Guarded by {@code this}. */
    private final FakeState live = new FakeState();
    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger failingWrites = new AtomicInteger();
    /** Bumped when every lock's connection ends: a lock taken before is no longer held. */
    private final AtomicInteger lockEpoch = new AtomicInteger();

    private FakeDatabase(String name) {
        this.name = name;
    }

    /** The database of that name, created empty on first use. */
    public static FakeDatabase named(String name) {
        return DATABASES.computeIfAbsent(name, FakeDatabase::new);
    }

    /** Forgets the database of that name. */
    public static void drop(String name) {
        DATABASES.remove(name);
    }

    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- for tests: what the database holds

    /** Whether the schema exists. */
    public synchronized boolean schemaExists(String schema) {
        return live.schemas.containsKey(schema);
    }

    /** Creates a schema (as a test's setup, outside migrator). */
    public synchronized void createSchema(String schema) {
        live.schemas.computeIfAbsent(schema, s -> new FakeSchema());
    }

    /** Whether the table exists (a history table counts as a table). */
    public synchronized boolean tableExists(String schema, String table) {
        FakeSchema s = live.schemas.get(schema);
        return s != null && (s.tables.containsKey(table) || s.histories.containsKey(table));
    }

    /** The rows of a history table, by rank; empty when it does not exist. */
    public synchronized List<HistoryRow> history(String schema, String historyTable) {
        FakeSchema s = live.schemas.get(schema);
        return s == null ? List.of() : List.copyOf(s.histories.getOrDefault(historyTable, List.of()));
    }

    /** The rows of a table in key order, each as column to value (in column order). */
    public synchronized List<Map<String, Object>> rows(String schema, String table) {
        FakeTable t = live.table(schema, table);
        return t.rows().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.length; i++) {
                m.put(t.columns().get(i).name(), r[i]);
            }
            return m;
        }).toList();
    }

    /** A data migration's stored checkpoint (JSON), if any. */
    public synchronized Optional<String> checkpoint(String schema, String migration) {
        FakeSchema s = live.schemas.get(schema);
        return s == null || s.checkpoints == null ? Optional.empty() : Optional.ofNullable(s.checkpoints.get(migration));
    }

    /** Changes the database directly, as another program would (a test's setup or a concurrent writer). */
    public void change(Consumer<FakeState> change) {
        write(change);
    }

    /** How many transactions and autocommit writes have committed: a dry run's proof that it wrote nothing. */
    public int commits() {
        return commits.get();
    }

    /**
     * Makes the next {@code batches} bulk writes fail as a lost connection does (SQLSTATE 08006), so that a test can
     * watch the engine retry a batch on a new session.
     */
    public void loseConnectionOnNextWrites(int batches) {
        failingWrites.set(batches);
    }

    /**
     * Ends the connections that hold locks, as a failover or an operator would: every lock is free again and its former
     * holder finds it no longer held.
     */
    public void endLockConnections() {
        lockEpoch.incrementAndGet();
        locks.clear();
    }

    // ---------------------------------------------------------------- for sessions

    int lockEpoch() {
        return lockEpoch.get();
    }

    void failIfAsked() {
        if (failingWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StatementException("An I/O error occurred while sending to the backend (fake connection lost)",
                    "08006", null);
        }
    }

    /** Reads the live state (a test's look at anything the methods above do not show). */
    public synchronized <T> T read(Function<FakeState, T> query) {
        return query.apply(live);
    }

    /** Applies a change all or nothing: on a copy, which replaces the live state only when the change succeeds. */
    synchronized void write(Consumer<FakeState> change) {
        FakeState next = live.copy();
        change.accept(next);
        live.schemas.clear();
        live.schemas.putAll(next.schemas);
        commits.incrementAndGet();
    }

    synchronized FakeState snapshot() {
        return live.copy();
    }

    /** The lock of one key: a permit that one session at a time holds, whatever thread it runs on. */
    Semaphore lock(String key) {
        return locks.computeIfAbsent(key, k -> new Semaphore(1));
    }
}
