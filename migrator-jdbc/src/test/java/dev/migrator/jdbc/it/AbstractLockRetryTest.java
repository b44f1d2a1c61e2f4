package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.StatementLockTimeoutException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A script's DDL waits for a lock that another session's open transaction holds on the table (it read the table). With
 * a short {@code statementLockTimeout} the DDL gives up instead of waiting, so the application's queries on the table
 * are never queued behind it for long, and it runs again after a pause until the lock is free or its attempts are used
 * up; the session's own setting is put back afterwards.
 */
abstract class AbstractLockRetryTest extends ItSupport {

    AbstractLockRetryTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** The lock timeout the tests use: MySQL/MariaDB count whole seconds. */
    abstract Duration lockTimeout();

    /** How long the blocker holds its lock in the test where it lets go: several lock timeouts. */
    abstract Duration hold();

    /** The session's own lock wait setting, as the database shows it. */
    abstract String sessionSetting(Connection c) throws SQLException;

    /** A statement that sets the session's own lock wait setting to something the tests recognise. */
    abstract String ownSettingSql();

    /** What {@link #sessionSetting} shows after {@link #ownSettingSql}. */
    abstract String ownSetting();

    /** The session's id as the blockers query shows it ({@code pid}, {@code ID}). */
    abstract long sessionId(Connection c) throws SQLException;

    static final String ADD_EMAIL = "ALTER TABLE accounts ADD COLUMN email varchar(50)";

    /** Creates a table, then changes the locked one: a retry must not leave the first half behind or run it twice. */
    static Script addEmail() {
        return Script.of("1", "add_email", "CREATE TABLE audit (id int);\n" + ADD_EMAIL + ";", null);
    }

    void createAccounts() {
        sql("CREATE TABLE accounts (id int PRIMARY KEY, name varchar(20))", "INSERT INTO accounts VALUES (1, 'a')");
    }

    /** A session whose transaction read the table and stays open until {@link #close()} or the time given. */
    final class Blocker implements AutoCloseable {
        final Connection connection;
        final long id;
        private final CompletableFuture<Void> released;

        Blocker(Duration hold) throws SQLException {
            this(hold, "SELECT count(*) FROM accounts");
        }

        Blocker(Duration hold, String query) throws SQLException {
            connection = db.connect();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute(query);
            }
            id = sessionId(connection);
            released = CompletableFuture.runAsync(this::close, CompletableFuture.delayedExecutor(hold.toMillis(),
                    TimeUnit.MILLISECONDS));
        }

        @Override
        public synchronized void close() {
            try {
                if (!connection.isClosed()) {
                    connection.commit();
                    connection.close();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The longest a plain query on the table took, run again and again (at least once) on its own connection from
     * {@code from} until {@code until} after now: the application's view of the migration.
     */
    CompletableFuture<Duration> probe(Duration from, Duration until) {
        long end = System.nanoTime() + until.toNanos();
        return CompletableFuture.supplyAsync(() -> {
            AtomicLong longest = new AtomicLong();
            try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                Thread.sleep(from.toMillis());
                do {
                    long t0 = System.nanoTime();
                    s.executeQuery("SELECT count(*) FROM accounts").close();
                    longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    Thread.sleep(20);
                } while (System.nanoTime() < end);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Duration.ofNanos(longest.get());
        });
    }

    List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    MigrationManager.Builder limited(int attempts) {
        return builder().listener(events::add).statementLockTimeout(lockTimeout()).lockRetries(attempts,
                Duration.ofMillis(100));
    }

    List<MigrationEvent.StatementLockRetry> retries() {
        return events.stream().filter(e -> e instanceof MigrationEvent.StatementLockRetry)
                .map(e -> (MigrationEvent.StatementLockRetry) e).toList();
    }

    @Test
    void migrate_blockerLetsGoAfterSeveralTimeouts_statementRunsAgainAndSucceeds_queriesOnTheTableAreNotQueuedMeanwhile()
            throws Exception {
        createAccounts();
        // tag::lock-retry-run[]
        MigrationManager manager = track(builder().listener(events::add).statementLockTimeout(lockTimeout())
                .lockRetries(20, Duration.ofMillis(100)).script(addEmail()).build());

        MigrateResult result;
        Duration longestQuery;
        long t0 = System.nanoTime();
        try (Blocker blocker = new Blocker(hold())) {
            CompletableFuture<Duration> probe = probe(Duration.ofMillis(300), hold().minusMillis(300));
            result = manager.migrate();
            longestQuery = probe.get(30, TimeUnit.SECONDS);
        }
        // end::lock-retry-run[]
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println(getClass().getSimpleName() + ": blocker held " + hold().toMillis() + " ms; migrate took " + tookMs
                + " ms with " + result.applied().get(0).lockRetries() + " lock retries; the longest query on the table took "
                + longestQuery.toMillis() + " ms");

        // tag::lock-retry-result[]
        ExecutedScript applied = result.applied().get(0);
        assertThat(applied.lockRetries()).as("retries until the blocker let go").isPositive();
        assertThat(retries()).hasSize(applied.lockRetries()).allSatisfy(r -> {
            assertThat(r.target()).isEqualTo(defaultTarget());
            assertThat(r.name()).isEqualTo("add_email");
            assertThat(r.statement()).as("the ALTER, statement 2").isEqualTo(2);
            assertThat(r.backoff()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(r.waited()).isGreaterThanOrEqualTo(lockTimeout().minusMillis(50));
        });
        assertThat(retries()).extracting(MigrationEvent.StatementLockRetry::attempt)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, applied.lockRetries()).boxed().toList());
        // end::lock-retry-result[]
        assertThat(columns(defaultSchema(), "accounts")).containsExactly("id", "name", "email");
        assertThat(tableExists("audit")).isTrue();
        assertThat(queryLong("SELECT count(*) FROM " + HISTORY + " WHERE success = " + (postgres() ? "true" : "1")))
                .isEqualTo(1);
        // The point of the feature: a query on the table waits at most one lock timeout behind the DDL, never the
        // blocker's whole transaction.
        assertThat(longestQuery).as("the longest query on the table while the DDL kept trying")
                .isLessThan(lockTimeout().plusMillis(400))
                .isLessThan(hold().dividedBy(2));
    }

    @Test
    void migrate_repeatableBlockedByAnOpenTransaction_runsAgainFromItsStartAndSucceedsOnceItIsGone() throws Exception {
        createAccounts();
        MigrationManager manager = track(builder().listener(events::add).statementLockTimeout(lockTimeout())
                .lockRetries(20, Duration.ofMillis(100))
                .repeatable(dev.migrator.api.RepeatableScript.of("accounts_note",
                        "CREATE TABLE IF NOT EXISTS notes (id int);\nALTER TABLE accounts ADD COLUMN note VARCHAR(20)"))
                .build());

        MigrateResult result;
        try (Blocker blocker = new Blocker(hold())) {
            result = manager.migrate();
        }

        assertThat(result.targets().get(0).repeatables()).containsExactly("accounts_note");
        assertThat(retries()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.name()).isEqualTo("accounts_note");
            assertThat(r.version()).as("a repeatable script has none").isNull();
            assertThat(r.statement()).as("the ALTER, statement 2").isEqualTo(2);
        });
        assertThat(columns(defaultSchema(), "accounts")).containsExactly("id", "name", "note");
        assertThat(queryLong("SELECT count(*) FROM " + HISTORY + " WHERE version IS NULL AND success = "
                + (postgres() ? "true" : "1"))).isEqualTo(1);
    }

    @Test
    void migrate_withoutStatementLockTimeout_queriesOnTheTableQueueBehindTheWaitingDdl() throws Exception {
        createAccounts();
        MigrationManager manager = track(builder().statementLockTimeout(Duration.ZERO).script(addEmail()).build());

        Duration longestQuery;
        MigrateResult result;
        try (Blocker blocker = new Blocker(hold())) {
            CompletableFuture<Duration> probe = probe(Duration.ofMillis(300), hold().minusMillis(300));
            result = manager.migrate();
            longestQuery = probe.get(30, TimeUnit.SECONDS);
        }
        System.out.println(getClass().getSimpleName() + ": without a statement lock timeout the longest query on the table"
                + " took " + longestQuery.toMillis() + " ms (blocker held " + hold().toMillis() + " ms)");

        // The control of the test above: the same probe, stuck behind the waiting DDL until the blocker let go.
        assertThat(longestQuery).isGreaterThan(hold().dividedBy(2));
        assertThat(result.applied().get(0).lockRetries()).isZero();
    }

    @Test
    void migrate_blockerNeverLetsGo_failsAfterTheAttemptsNamingStatementWaitAndRemedy_thenSucceedsOnceItIsGone()
            throws Exception {
        createAccounts();
        MigrationManager manager = track(limited(3).script(addEmail()).build());
        List<Long> blockersFound = new ArrayList<>();

        try (Blocker blocker = new Blocker(Duration.ofMinutes(1))) {
            assertThatThrownBy(manager::migrate)
                    .isInstanceOfSatisfying(StatementLockTimeoutException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATEMENT_LOCK_TIMEOUT);
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.lockTimeout()).isEqualTo(lockTimeout());
                        assertThat(e.statementIndex()).isEqualTo(2);
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.rolledBack()).isEqualTo(postgres());
                        assertThat(e.statementsCompleted()).isEqualTo(postgres() ? 0 : 1);
                        // The query the message gives finds the blocker while it still holds the lock.
                        blockersFound.addAll(sessionIds(blockersQuery(e.getMessage())));
                    })
                    .hasMessageStartingWith("Script V1__add_email (code) failed on " + defaultTarget()
                            + " at statement 2 of 2 (line 2): " + ADD_EMAIL)
                    .hasMessageContaining("  The statement timed out waiting for a lock on each of its 3 attempt(s) (the"
                            + " last after ")
                    .hasMessageContaining(" ms; statementLockTimeout is " + lockTimeout().toMillis() + " ms, applied as "
                            + (postgres() ? "postgresql lock_timeout" : "mariadb lock_wait_timeout and innodb_lock_wait_timeout")
                            + "): another session holds a conflicting lock on what it changes, usually a transaction left"
                            + " open after reading or writing the table. Find it with:")
                    .hasMessageContaining("  then end that session or let it finish, and run migrate again; or wait longer"
                            + " with statementLockTimeout(Duration) or more attempts with lockRetries(int, Duration).")
                    .hasMessageEndingWith(postgres()
                            ? "  Nothing of this script was applied (its transaction was rolled back)."
                            : "The history records the script as failed after 1 statement(s). Fix the cause, then migrate"
                                    + " with resumeFailed(true) to continue from statement 2, or undo the completed"
                                    + " statements by hand and run repair().");
            assertThat(blockersFound).contains(blocker.id);
        }
        assertThat(retries()).extracting(MigrationEvent.StatementLockRetry::attempt).containsExactly(1, 2);
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.ScriptFailed).hasSize(1);
        assertThat(columns(defaultSchema(), "accounts")).containsExactly("id", "name");
        if (postgres()) {
            // Nothing half-applied, nothing recorded: the next run applies the script from its start.
            assertThat(tableExists("audit")).isFalse();
            assertThat(queryLong("SELECT count(*) FROM " + HISTORY)).isZero();
        } else {
            // DDL commits by itself: the first statement stays, and the history says so, as for any failed statement.
            assertThat(tableExists("audit")).isTrue();
            assertThat(queryLong("SELECT count(*) FROM " + HISTORY + " WHERE success = 0 AND statements_completed = 1"))
                    .isEqualTo(1);
        }

        MigrateResult again = manager.migrate(MigrateOptions.builder().resumeFailed(!postgres()).build());

        assertThat(again.applied()).extracting(ExecutedScript::name, ExecutedScript::lockRetries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("add_email", 0));
        assertThat(columns(defaultSchema(), "accounts")).containsExactly("id", "name", "email");
        assertThat(tableExists("audit")).isTrue();
        assertThat(queryLong("SELECT count(*) FROM " + HISTORY + " WHERE success = " + (postgres() ? "true" : "1")))
                .isEqualTo(1);
    }

    @Test
    void migrate_rowLockedByAnOpenTransaction_updateRunsAgainWithTheInsertBeforeIt_eachAppliedOnce() throws Exception {
        createAccounts();
        sql("CREATE TABLE audit (id int)");
        // Both are DML: one transaction on PostgreSQL (the script), one group on MariaDB (outside a transaction); the
        // time-out rolls both back, so both run again and the insert lands once.
        MigrationManager manager = track(limited(20).script(Script.of("1", "rename",
                "INSERT INTO audit VALUES (1);\nUPDATE accounts SET name = 'b' WHERE id = 1;", null)).build());

        MigrateResult result;
        try (Blocker blocker = new Blocker(lockTimeout().multipliedBy(2).plusMillis(500),
                "SELECT name FROM accounts WHERE id = 1 FOR UPDATE")) {
            result = manager.migrate();
        }

        assertThat(result.applied().get(0).lockRetries()).isPositive();
        assertThat(retries()).extracting(MigrationEvent.StatementLockRetry::statement).containsOnly(2);
        assertThat(queryLong("SELECT count(*) FROM audit")).as("the insert, once").isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM accounts WHERE name = 'b'")).isEqualTo(1);
    }

    @Test
    void migrate_onTheCallersDataSource_putsEveryConnectionsOwnLockWaitSettingBack_afterSuccessAndAfterFailure()
            throws Exception {
        createAccounts();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        config.setConnectionInitSql(ownSettingSql());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Blocker blocker = new Blocker(Duration.ofMinutes(1))) {
                // tag::lock-retry-settings[]
                MigrationManager failing = track(MigrationManager.builder().connection(CORE, pool)
                        .statementLockTimeout(lockTimeout()).lockRetries(2, Duration.ofMillis(100)).script(addEmail())
                        .build());
                // end::lock-retry-settings[]
                assertThatThrownBy(failing::migrate).isInstanceOf(StatementLockTimeoutException.class);
            }
            assertThat(settingsOfEveryConnection(pool)).as("after the failure").containsOnly(ownSetting());

            MigrationManager succeeding = track(MigrationManager.builder().connection(CORE, pool)
                    .statementLockTimeout(lockTimeout()).script(addEmail()).build());
            succeeding.migrate(MigrateOptions.builder().resumeFailed(!postgres()).build());

            assertThat(columns(defaultSchema(), "accounts")).containsExactly("id", "name", "email");
            assertThat(settingsOfEveryConnection(pool)).as("after the success").containsOnly(ownSetting());
        }
    }

    /** The lock wait setting of each of the pool's connections, all borrowed at once so that each is a different one. */
    private List<String> settingsOfEveryConnection(HikariDataSource pool) throws SQLException {
        List<Connection> borrowed = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                Connection c = pool.getConnection();
                borrowed.add(c);
                settings.add(sessionSetting(c));
            }
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
        return settings;
    }

    /** The query the failure message gives to find the blocker. */
    private static String blockersQuery(String message) {
        String marker = "Find it with:" + System.lineSeparator() + "    ";
        int start = message.indexOf(marker) + marker.length();
        return message.substring(start, message.indexOf(';' + System.lineSeparator(), start));
    }

    /** The first column of every row the query returns: a session id. */
    private List<Long> sessionIds(String query) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The blockers query failed: " + query, e);
        }
        return ids;
    }
}
