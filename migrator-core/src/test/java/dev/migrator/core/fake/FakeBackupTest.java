package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup, verify and restore through the fake's snapshot and load sessions. */
class FakeBackupTest extends FakeEngineSupport {

    @TempDir
    Path dir;

    private MigrationManager manager() {
        return track(builder().backupDirectory(dir).build());
    }

    @Test
    void backupThenRestore_putsBackExactlyTheRowsOfTheBackup() {
        table("items", "id:integer name:string");
        insert("items", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
        MigrationManager m = manager();

        BackupManifest backup = m.backup(BackupRequest.builder().tables("items").build());
        insert("items", List.of(Map.of("id", 3, "name", "after the backup")));
        db.change(s -> s.table(SCHEMA, "items").delete(1L));

        assertThat(backup.rowCount()).isEqualTo(2);
        assertThat(m.verify(backup.id()).tables()).singleElement().satisfies(t -> assertThat(t.matches()).isFalse());

        RestoreResult restored = m.restore(backup.id(), RestoreRequest.defaults());

        assertThat(restored.tables()).singleElement().satisfies(t -> assertThat(t.rows()).isEqualTo(2));
        assertThat(rows("items")).containsExactly("1|a", "2|b");
        assertThat(m.verify(backup.id()).tables()).singleElement().extracting(VerifyReport.TableComparison::matches)
                .isEqualTo(true);
    }

    @Test
    void backup_unknownTable_isRefusedNamingTheTablesThereAre() {
        table("items", "id:integer name:string");

        assertThatThrownBy(() -> manager().backup(BackupRequest.builder().tables("absent").build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Cannot back up main.absent of connection 'core': it does not exist. Tables of main: [items].");
    }

    @Test
    void restore_tableGoneFromTheTarget_isRefusedAndChangesNothing() {
        table("items", "id:integer name:string");
        table("other", "id:integer");
        insert("other", List.of(Map.of("id", 7)));
        MigrationManager m = manager();
        BackupManifest backup = m.backup(BackupRequest.defaults());
        db.change(s -> s.schema(SCHEMA).tables.remove("items"));

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH))
                .hasMessageContaining("main.items does not exist (create it first, e.g. with migrate())")
                .hasMessageEndingWith("Nothing was changed.");
        assertThat(rows("other")).containsExactly("7");
    }

    // Core knew that MySQL and MariaDB take each other's backups: vendor knowledge, now the backend's to say.
    @Test
    void restore_backupOfAnotherProduct_isRefusedUnlessTheBackendSaysItTakesIt() {
        table("items", "id:integer name:string");
        insert("items", List.of(Map.of("id", 1, "name", "a")));
        BackupManifest backup = managerOf("product=mariadb").backup(BackupRequest.defaults());
        db.change(s -> s.table(SCHEMA, "items").delete(1L));

        assertThatThrownBy(() -> managerOf("product=mysql").restore(backup.id(), RestoreRequest.defaults()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH))
                .hasMessage("Backup " + backup.id() + " was taken from mariadb and connection 'core' is mysql; a backup"
                        + " restores only into the same kind of database. Restore into a mariadb connection, or move the"
                        + " data with a data migration. Nothing was changed.");
        assertThat(rows("items")).isEmpty();

        RestoreResult restored = managerOf("product=acme&restores=mariadb").restore(backup.id(), RestoreRequest.defaults());

        assertThat(restored.tables()).singleElement().satisfies(t -> assertThat(t.rows()).isEqualTo(1));
        assertThat(rows("items")).containsExactly("1|a");
    }

    @Test
    void restore_sendsRestoreFinishedOnce_withTablesRowsAndDuration_andOnFailureTheException() {
        table("items", "id:integer name:string");
        insert("items", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
        List<MigrationEvent> events = new ArrayList<>();
        MigrationManager m = track(builder().backupDirectory(dir).listener(events::add).build());
        BackupManifest backup = m.backupOperations().backup(BackupRequest.builder().tables("items").build());
        events.clear();

        RestoreResult restored = m.backupOperations().restore(backup.id(), RestoreRequest.defaults());

        assertThat(events).singleElement().isInstanceOfSatisfying(MigrationEvent.RestoreFinished.class, e -> {
            assertThat(e.target()).isEqualTo(Target.of(CORE));
            assertThat(e.backupId()).isEqualTo(backup.id());
            assertThat(e.tables()).isEqualTo(1);
            assertThat(e.rows()).isEqualTo(2);
            assertThat(e.duration()).isEqualTo(restored.duration());
            assertThat(e.failure()).isEmpty();
        });

        events.clear();
        db.change(s -> s.schema(SCHEMA).tables.remove("items"));
        BackupException thrown = catchThrowableOfType(
                () -> m.backupOperations().restore(backup.id(), RestoreRequest.defaults()), BackupException.class);

        assertThat(events).singleElement().isInstanceOfSatisfying(MigrationEvent.RestoreFinished.class, e -> {
            assertThat(e.target()).isEqualTo(Target.of(CORE));
            assertThat(e.backupId()).isEqualTo(backup.id());
            assertThat(e.tables()).isZero();
            assertThat(e.rows()).isZero();
            assertThat(e.failure()).containsSame(thrown);
        });

        events.clear();
        assertThatThrownBy(() -> m.backupOperations().restore("no-such-backup", RestoreRequest.defaults()))
                .isInstanceOf(RuntimeException.class);

        assertThat(events).singleElement().isInstanceOfSatisfying(MigrationEvent.RestoreFinished.class, e -> {
            assertThat(e.target()).isEqualTo(Target.of(CORE));
            assertThat(e.backupId()).isEqualTo("no-such-backup");
            assertThat(e.failure()).isPresent();
        });
    }

    private MigrationManager managerOf(String params) {
        return track(MigrationManager.builder().connection(CORE, FakeBackendProvider.url(dbName) + "?" + params, null, null)
                .backupDirectory(dir).build());
    }
}
