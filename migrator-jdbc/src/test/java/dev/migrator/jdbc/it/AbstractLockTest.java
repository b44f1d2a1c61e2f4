package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.testkit.ChildJvm;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.testkit.MigrateMain;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.testkit.LockContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock on the JDBC servers: the test kit's {@link LockContract} (per target, waits up to the lock timeout), and a
 * native lock that dies with its holder's session.
 */
abstract class AbstractLockTest extends LockContract {

    @TempDir
    Path dir;

    @Test
    void migrate_lockHolderKilledMidScript_nextRunTakesTheLockAtOnceAndAppliesTheScriptOnce() throws Exception {
        TestDatabase db = JdbcKitServer.testDatabase(database());
        sql(db, "CREATE TABLE marks (run varchar(20) NOT NULL)");
        // The holder's script writes in its transaction, then sleeps holding the lock until it is killed.
        try (ChildJvm holder = ChildJvm.start(dir.resolve("holder.log"), MigrateMain.class, List.of(db.url(), db.user(),
                db.password(), "hang:INSERT INTO marks VALUES ('killed')", "--transactional"))) {
            holder.awaitOutput("RUNNING", Duration.ofSeconds(60));
            MigrationManager probe = track(builder().script(createTable("1", "t")).lockTimeout(Duration.ZERO).build());
            assertThatThrownBy(probe::migrate).as("the holder has the lock").isInstanceOf(LockTimeoutException.class);

            holder.kill();
        }
        AtomicInteger lockWaits = new AtomicInteger();
        MigrationManager next = track(builder().script(Script.of("1", "mark", "INSERT INTO marks VALUES ('next')", null))
                .listener(e -> {
                    if (e instanceof MigrationEvent.LockWaiting) {
                        lockWaits.incrementAndGet();
                    }
                })
                .lockTimeout(Duration.ofSeconds(30)).build());
        long t0 = System.nanoTime();
        MigrateResult result = next.migrate();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println(getClass().getSimpleName() + ": lock holder JVM killed with SIGKILL mid-script; the next migrate()"
                + " took " + tookMs + " ms (lock timeout 30 s), lock waits " + lockWaits.get());

        // The README's bound (observed: tens of ms); the lock timeout is 30 s.
        assertThat(tookMs).as("the lock died with the holder's session: no wait for a timeout").isLessThan(1_000);
        assertThat(result.applied()).hasSize(1);
        assertThat(strings(db, "SELECT run FROM marks")).as("the killed run's write rolled back with its session")
                .containsExactly("next");
        assertThat(history()).as("history: the script once, by the next run; nothing of the killed run")
                .singleElement().satisfies(r -> {
                    assertThat(r.version()).isEqualTo("1");
                    assertThat(r.name()).isEqualTo("mark");
                    assertThat(r.success()).isTrue();
                });
    }

    private static List<String> strings(TestDatabase db, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void sql(TestDatabase db, String statement) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
