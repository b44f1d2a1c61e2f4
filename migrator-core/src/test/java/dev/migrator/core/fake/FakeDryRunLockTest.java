package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** dryRun() writes nothing; the lock is per target and waits up to the lock timeout — in memory. */
class FakeDryRunLockTest extends FakeEngineSupport {

    private static final Script USERS = Script.of("1", "create_users",
            "create ${prefix}_users\ninsert ${prefix}_users {\"id\": 1}", null);
    private static final Script ORDERS = createTable("2", "orders");

    private MigrationManager dryRunManager(Script... scripts) {
        return track(builder().placeholder("prefix", "app").scripts(List.of(scripts)).build());
    }

    @Test
    void dryRun_freshDatabase_plansStatementsWithPlaceholdersSubstitutedAndWritesNothing() {
        MigrationManager m = dryRunManager(USERS, ORDERS);

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1", "2");
        PlannedScript users = result.plan().get(0);
        assertThat(users.target()).isEqualTo(defaultTarget());
        assertThat(users.statements()).containsExactly("create app_users", "insert app_users {\"id\": 1}");
        assertThat(result.executedAndRolledBack()).as("DDL is transactional: proved by a rolled-back run")
                .containsExactly(defaultTarget());
        assertThat(db.schemaExists(SCHEMA)).as("not even the schema or history table").isFalse();
        assertThat(db.commits()).isZero();
    }

    @Test
    void dryRun_afterPartialMigrate_plansOnlyPendingScripts() {
        MigrationManager m = dryRunManager(USERS, ORDERS);
        m.migrateTo("1");
        int commits = db.commits();

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("2");
        assertThat(tableExists("orders")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
        assertThat(db.commits()).isEqualTo(commits);
    }

    @Test
    void dryRun_withUpperVersion_plansUpToIt() {
        DryRunResult result = dryRunManager(USERS, ORDERS).dryRun(MigrateOptions.builder().to("1").build());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1");
        assertThat(db.commits()).isZero();
    }

    @Test
    void dryRun_aStatementTheDatabaseRefuses_isFoundByTheProofRunAndNothingStays() {
        MigrationManager m = dryRunManager(USERS, Script.of("2", "dup", "create t\ncreate t", null));

        assertThatThrownBy(() -> m.dryRun(MigrateOptions.defaults()))
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.statementIndex()).isEqualTo(2);
                    assertThat(e.rolledBack()).isTrue();
                })
                .hasMessageContaining("relation \"t\" already exists");
        assertThat(db.commits()).isZero();
    }

    @Test
    void dryRun_whereDdlCommitsByItself_onlyPlansAndSaysSo() {
        MigrationManager m = track(autocommitDdlBuilder().script(ORDERS).build());

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).hasSize(1);
        assertThat(result.executedAndRolledBack()).isEmpty();
        assertThat(result.notExecuted()).containsExactly("core/main: planned only; fake here commits each statement at once "
                + "(DDL is not transactional, or the server has no transactions), so statements cannot be tried and rolled back.");
        assertThat(db.commits()).isZero();
    }

    /** A session of another "process" holding the target's lock; closing it frees the lock. */
    private TargetSession holdLock(String schema) throws InterruptedException {
        TargetSession holder = new FakeBackendProvider().open(ConnectionConfig.of("other", FakeBackendProvider.url(dbName), null, null))
                .openSession(schema, HISTORY);
        assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();
        return holder;
    }

    @Test
    void migrate_targetLockedLongerThanLockTimeout_throwsLockTimeoutAndRunsNothing() throws Exception {
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        MigrationManager waiter = track(builder().script(ORDERS).listener(events::add).lockTimeout(Duration.ofMillis(50)).build());

        try (TargetSession holder = holdLock(SCHEMA)) {
            assertThatThrownBy(waiter::migrate)
                    .isInstanceOfSatisfying(LockTimeoutException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT))
                    .hasMessage("Timed out after PT0.05S waiting for the lock of core/main (fake lock " + dbName
                            + "/main.migrator_history): another migrator run holds it. Wait for it to finish, or raise "
                            + "lockTimeout; the database frees the lock by itself when the holder's connection ends.");
        }
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.LockWaiting).hasSize(1);
        assertThat(tableExists("orders")).isFalse();
        assertThat(history()).isEmpty();
        assertThat(waiter.migrate().applied()).as("the holder's session closed, freeing the lock").hasSize(1);
    }

    @Test
    void migrate_lockFreedWithinTheTimeout_waitsThenApplies() throws Exception {
        MigrationManager waiter = track(builder().script(ORDERS).lockTimeout(Duration.ofSeconds(10)).build());
        TargetSession holder = holdLock(SCHEMA);

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(waiter::migrate);
        Thread.sleep(50);
        assertThat(run).as("waiting for the lock").isNotDone();
        holder.close();

        assertThat(run.get(10, TimeUnit.SECONDS).applied()).hasSize(1);
        assertThat(historyVersions()).containsExactly("2");
    }

    @Test
    void migrate_lockLostBetweenScripts_runsNothingMoreAndSaysSo() {
        Script losesLock = Script.builder("1", "loses_lock").up(ctx -> {
            db.endLockConnections();
            Thread.sleep(300); // longer than the engine's interval between two looks at the lock
        }).build();
        MigrationManager m = manager(losesLock, ORDERS);

        assertThatThrownBy(m::migrate)
                .isInstanceOf(DatabaseException.class)
                .hasMessage("Lost the lock of core/main (fake lock " + dbName + "/main.migrator_history) before the next "
                        + "script: its connection ended. Nothing more was run; run migrate again.");
        assertThat(historyVersions()).containsExactly("1");
        assertThat(tableExists("orders")).isFalse();
        assertThat(m.migrate().applied()).as("the next run takes the freed lock").hasSize(1);
    }

    @Test
    void migrate_otherTargetLocked_doesNotWait() throws Exception {
        MigrationManager m = track(builder().script(ORDERS).lockTimeout(Duration.ZERO).build());

        try (TargetSession holder = holdLock("tenant_a")) {
            m.migrate(Target.of(CORE, "tenant_b"));
        }
        assertThat(db.history("tenant_b", HISTORY)).hasSize(1);
    }

    @Test
    void migrate_twoManagersAtOnce_eachScriptRunsExactlyOnce() throws Exception {
        Script slow = Script.of("1", "slow", "sleep 100\ninsert marks {\"id\": 1}", null);
        table("marks", "id:integer");
        MigrationManager first = manager(slow);
        MigrationManager second = manager(slow);

        CompletableFuture<MigrateResult> a = CompletableFuture.supplyAsync(first::migrate);
        CompletableFuture<MigrateResult> b = CompletableFuture.supplyAsync(second::migrate);

        // A second insert of id 1 would fail on the key: both runs succeed only if the script ran once.
        int applied = a.get(10, TimeUnit.SECONDS).applied().size() + b.get(10, TimeUnit.SECONDS).applied().size();
        assertThat(applied).isEqualTo(1);
        assertThat(rowCount("marks")).isEqualTo(1);
        assertThat(historyVersions()).containsExactly("1");
    }
}
