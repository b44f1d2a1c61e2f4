package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatementTimeoutPostgresTest extends AbstractStatementTimeoutTest {
    StatementTimeoutPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the try block
    void backup_readWaitsLongerThanTheStatementTimeout_completesBecauseTheSnapshotTurnsTheTimeoutOff() throws Exception {
        BackupRequest request = createAccounts();
        MigrationManager timed = track(withStatementTimeout(500).backupDirectory(backups).build());

        long t0 = System.nanoTime();
        BackupManifest backup;
        try (AutoCloseable lock = lockTableFor("accounts", Duration.ofMillis(1500))) {
            backup = timed.backup(request);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println(getClass().getSimpleName() + ": backup behind a 1.5 s table lock with statement_timeout 500 ms"
                + " completed in " + tookMs + " ms");

        assertThat(tookMs).as("the read waited past the 500 ms timeout").isGreaterThan(1000);
        assertThat(backup.rowCount()).isEqualTo(2);
        assertThat(timed.backups().verify(backup.id()).isValid()).isTrue();
        assertThat(timed.backups().list()).extracting(BackupManifest::id).containsExactly(backup.id());
    }
}
