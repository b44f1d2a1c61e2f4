package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lock is per target: a second run on the same target waits (up to the lock timeout), other targets do not. What
 * frees a dead holder's lock is native to each database (a session's end, a lease's expiry) and is tested by each
 * backend's own tests.
 */
public abstract class LockContract extends KitSupport {

    private Script slowScript() {
        return server().slowScript("1", "slow", Duration.ofSeconds(4));
    }

    /** Starts a run of the slow script on the target and returns once it holds the lock and runs the script. */
    private CompletableFuture<MigrateResult> holdLockOn(Target target) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        MigrationManager holder = track(builder()
                .script(slowScript())
                .listener(e -> {
                    if (e instanceof MigrationEvent.ScriptStarted) {
                        running.countDown();
                    }
                })
                .build());
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> holder.migrate(target));
        assertThat(running.await(30, TimeUnit.SECONDS)).as("the holder started its script").isTrue();
        return run;
    }

    @Test
    public void migrate_sameTargetLockedLongerThanLockTimeout_throwsLockTimeout() throws Exception {
        CompletableFuture<MigrateResult> holder = holdLockOn(Target.of(CORE));
        MigrationManager waiter = track(builder().script(slowScript()).lockTimeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(waiter::migrate)
                .isInstanceOf(LockTimeoutException.class)
                .hasMessageContaining(defaultSchema())
                .satisfies(e -> assertThat(((LockTimeoutException) e).code()).isEqualTo(ErrorCode.LOCK_TIMEOUT));

        assertThat(holder.get(30, TimeUnit.SECONDS).applied()).hasSize(1);
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    public void migrate_otherTargetLocked_doesNotWait() throws Exception {
        String a = database().schemaName("tenant_a");
        String b = database().schemaName("tenant_b");
        CompletableFuture<MigrateResult> holder = holdLockOn(Target.of(CORE, a));
        MigrationManager other = track(builder().script(createTable("1", "t")).lockTimeout(Duration.ZERO).build());

        other.migrate(Target.of(CORE, b));

        assertThat(holder.isDone()).as("the other target's run is still going").isFalse();
        assertThat(historyVersions(b)).containsExactly("1");
        assertThat(holder.get(30, TimeUnit.SECONDS).applied()).hasSize(1);
    }
}
