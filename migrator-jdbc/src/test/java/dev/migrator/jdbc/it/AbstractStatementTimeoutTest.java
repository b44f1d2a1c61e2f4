package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Version;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's statement timeout ({@code statement_timeout} on PostgreSQL, {@code max_statement_time} on MariaDB, set
 * through the connection's driver properties) cancels a statement: the caller gets a typed error that names the script
 * or table and the timeout and says what to do, nothing stored is lost, the lock is released, and the same work
 * succeeds once the timeout is raised. Backups differ by design: PostgreSQL's snapshot turns the timeout off (as
 * {@code pg_dump} does), MariaDB's is cancelled like any statement; see the subclasses.
 */
abstract class AbstractStatementTimeoutTest extends ItSupport {

    private static final String PG_HINT = "The statement was cancelled by PostgreSQL's statement_timeout: it ran longer"
            + " than the session allows. Raise the timeout for migrations (on this connection the driver property"
            + " options=-c statement_timeout=0, or a larger value in ms; or ALTER ROLE ... SET statement_timeout), or split"
            + " the work into smaller steps.";
    private static final String MARIADB_HINT = "The statement was cancelled by the server's max_statement_time: it ran"
            + " longer than the session allows. Raise the timeout for migrations (on this connection the driver property"
            + " sessionVariables=max_statement_time=0, or a larger value; or SET GLOBAL max_statement_time), or split the"
            + " work into smaller steps.";

    @TempDir
    Path backups;

    AbstractStatementTimeoutTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** A builder whose connection cancels statements running longer than {@code ms}. */
    MigrationManager.Builder withStatementTimeout(int ms) {
        Map<String, String> property = postgres()
                ? Map.of("options", "-c statement_timeout=" + ms)
                : Map.of("sessionVariables", "max_statement_time=" + ms / 1000.0);
        return MigrationManager.builder()
                .connection(ConnectionConfig.of(CORE, db.url(), db.user(), db.password()).withProperties(property));
    }

    String hint() {
        return postgres() ? PG_HINT : MARIADB_HINT;
    }

    private List<Script> scripts() {
        String sleep = postgres() ? "pg_sleep(2)" : "SLEEP(2)";
        return List.of(
                Script.of("1", "accounts", "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(20) NOT NULL);\n"
                        + "INSERT INTO accounts VALUES (1, 'kept');", null),
                Script.of("2", "slow_backfill", "INSERT INTO accounts SELECT 2, 'slow' FROM (SELECT " + sleep + " AS s) x", null),
                Script.of("3", "after_slow", "CREATE TABLE after_slow (id int)", null));
    }

    @Test
    void migrate_scriptOutlastsTheStatementTimeout_throwsScriptFailedNamingScriptAndTimeout_keepsEarlierWorkAndReleasesTheLock() {
        MigrationManager timed = track(withStatementTimeout(1000).scripts(scripts()).build());

        assertThatThrownBy(timed::migrate)
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageStartingWith("Script V2__slow_backfill (code) failed on " + defaultTarget() + " at statement 1 of 1")
                .hasMessageContaining(postgres() ? "canceling statement due to statement timeout [SQLSTATE 57014]"
                        : "max_statement_time exceeded) [SQLSTATE 70100]")
                .hasMessageContaining(System.lineSeparator() + "  " + hint() + System.lineSeparator())
                .satisfies(e -> {
                    ScriptFailedException f = (ScriptFailedException) e;
                    System.out.println(getClass().getSimpleName() + ": " + f.getMessage());
                    assertThat(f.version()).isEqualTo(Version.parse("2"));
                    assertThat(f.statementsCompleted()).isZero();
                    assertThat(f.rolledBack()).isEqualTo(postgres());
                });

        // Per the design: PostgreSQL rolled the script back and records nothing; MariaDB records it as failed, 0 done.
        if (postgres()) {
            assertThat(historyVersions()).containsExactly("1");
        } else {
            assertThat(history()).extracting(HistoryRow::version, HistoryRow::success, HistoryRow::statementsCompleted)
                    .containsExactly(tuple("1", true, 2), tuple("2", false, 0));
        }
        assertThat(historyRow("1").success()).isTrue();
        assertThat(dump("accounts")).as("the earlier script's data").containsExactly("1|kept");
        assertThat(tableExists("after_slow")).as("nothing after the failed script ran").isFalse();

        // The fix the message names: raise the timeout. A zero lock timeout proves the failed run released the lock.
        MigrationManager raised = track(withStatementTimeout(10_000).scripts(scripts()).lockTimeout(Duration.ZERO).build());
        assertThat(raised.migrate(MigrateOptions.builder().resumeFailed(true).build()).applied())
                .extracting(s -> s.version().toString()).containsExactly("2", "3");
        assertThat(history()).extracting(HistoryRow::version).containsExactly("1", "2", "3");
        assertThat(history()).allMatch(HistoryRow::success);
        assertThat(dump("accounts")).containsExactly("1|kept", "2|slow");
    }

    /** The table of the backup tests: two rows. */
    BackupRequest createAccounts() {
        sql("CREATE TABLE accounts (id int PRIMARY KEY, name varchar(20) NOT NULL)",
                "INSERT INTO accounts VALUES (1, 'a'), (2, 'b')");
        return BackupRequest.builder().label("timed").tables("accounts").build();
    }

    /**
     * Another session takes the table's exclusive lock, as a long migration would, so that reading it waits; the
     * lock ends after {@code hold} whatever the test does (a read stuck behind it must not hang the build).
     */
    AutoCloseable lockTableFor(String table, Duration hold) throws Exception {
        Connection holder = db.connect();
        try (Statement s = holder.createStatement()) {
            if (postgres()) {
                holder.setAutoCommit(false);
                s.execute("LOCK TABLE " + q(table) + " IN ACCESS EXCLUSIVE MODE");
            } else {
                s.execute("LOCK TABLES " + q(table) + " WRITE");
            }
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> {
            holder.close();
            return null;
        }, hold.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            holder.close();
        };
    }

    /** The backup folder holds no complete backup (an {@code .incomplete-*} folder left by the failure is ignored). */
    void assertNoBackupKept(MigrationManager manager) throws Exception {
        assertThat(manager.backups().list()).as("no backup marked complete").isEmpty();
        try (Stream<Path> files = Files.exists(backups) ? Files.list(backups) : Stream.empty()) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing but incomplete folders")
                    .allMatch(n -> n.startsWith(".incomplete-"));
        }
    }
}
