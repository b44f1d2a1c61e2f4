package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementTimeoutMariaDbTest extends AbstractStatementTimeoutTest {
    StatementTimeoutMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the try block
    void backup_readOutlastsTheStatementTimeout_failsNamingTableAndTimeout_andKeepsNoBackup() throws Exception {
        BackupRequest request = createAccounts();
        MigrationManager timed = track(withStatementTimeout(500).backupDirectory(backups).build());

        try (AutoCloseable lock = lockTableFor("accounts", Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> timed.backup(request))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageStartingWith("Cannot read " + db.database() + ".accounts (after 0 rows) on 'core': Query execution was"
                            + " interrupted (max_statement_time exceeded) (SQLSTATE 70100). ")
                    .hasMessageEndingWith(hint())
                    .satisfies(e -> System.out.println(getClass().getSimpleName() + ": " + e.getMessage()));
        }

        assertNoBackupKept(timed);
        BackupManifest next = track(withStatementTimeout(10_000).backupDirectory(backups).build()).backup(request);
        assertThat(next.rowCount()).isEqualTo(2);
        assertThat(timed.backups().verify(next.id()).isValid()).isTrue();
        assertThat(dump("accounts")).containsExactly("1|a", "2|b");
    }
}
