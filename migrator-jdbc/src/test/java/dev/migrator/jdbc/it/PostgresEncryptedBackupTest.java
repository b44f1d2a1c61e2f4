package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup guide's example (docs/backups.md): named tables of two schemas backed up with a passphrase, the files
 * verified, and the backup restored into another schema of the same connection.
 */
class PostgresEncryptedBackupTest extends ItSupport {

    @TempDir
    Path backups;

    PostgresEncryptedBackupTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    /** {@code users}, {@code sessions} (referring to users) and {@code objects} (referring to users) in a schema. */
    private void tables(String users, String sessions, String objects) {
        sql("CREATE TABLE " + users + " (id bigint PRIMARY KEY, email text NOT NULL UNIQUE)",
                "CREATE TABLE " + sessions + " (id uuid PRIMARY KEY, user_id bigint NOT NULL REFERENCES " + users
                        + " (id), expires_at timestamptz NOT NULL)",
                "CREATE TABLE " + objects + " (id bigint PRIMARY KEY, owner_id bigint REFERENCES " + users
                        + " (id), path text NOT NULL, size_bytes bigint NOT NULL)");
    }

    @Test
    void backup_namedTablesWithAPassphrase_verifiesAndRestoresIntoAnotherSchema() {
        createSchema("auth");
        createSchema("storage");
        createSchema("app_copy");
        tables("auth.users", "auth.sessions", "storage.objects");
        tables("app_copy.users", "app_copy.sessions", "app_copy.objects");
        sql("INSERT INTO auth.users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 40) g",
                "INSERT INTO auth.sessions SELECT md5(g::text)::uuid, 1 + g % 40, timestamptz '2030-01-01 00:00:00+00'"
                        + " FROM generate_series(1, 80) g",
                "INSERT INTO storage.objects SELECT g, g, 'avatars/' || g || '.png', 1000 + g FROM generate_series(1, 40) g");
        String passphrase = "correct horse battery staple";

        // tag::backup[]
        MigrationManager manager = MigrationManager.builder()
                .connection("core", db.url(), db.user(), db.password())
                .backupDirectory(backups)
                .build();
        BackupManifest backup = manager.backupOperations().backup(BackupRequest.builder()
                .label("before_v42")
                .tables("auth.users", "auth.sessions", "storage.objects")   // none: every table of the target's schema
                .key(BackupKey.passphrase(passphrase))                     // optional: AES-256-GCM
                .build());
        VerifyReport files = manager.backups().verify(backup.id());         // re-hashes every file against the manifest
        RestoreResult restored = manager.backupOperations().restore(backup.id(), RestoreRequest.builder()
                .key(BackupKey.passphrase(passphrase))
                .target(Target.of("core", "app_copy"))                       // optional: another connection or schema
                .build());
        // end::backup[]
        track(manager);

        assertThat(backup.id()).startsWith("backup_before_v42_");
        assertThat(backup.encryption()).isNotNull();
        assertThat(backup.encryption().algorithm()).isEqualTo("AES-256-GCM-v2");
        assertThat(backup.tables()).extracting(BackupManifest.Table::name)
                .containsExactlyInAnyOrder("auth.users", "auth.sessions", "storage.objects");
        assertThat(backup.tables()).allSatisfy(t -> assertThat(t.file()).endsWith(".jsonl.gz.enc"));
        assertThat(files.isValid()).as("%s", files.files()).isTrue();
        assertThat(files.files()).hasSize(3).allMatch(VerifyReport.FileCheck::ok);
        assertThat(restored.rowCount()).isEqualTo(160);
        assertThat(restored.tables()).extracting(RestoreResult.RestoredTable::restoredAs)
                .containsExactlyInAnyOrder("app_copy.users", "app_copy.sessions", "app_copy.objects");
        assertThat(restored.verification().isValid()).as("%s", restored.verification()).isTrue();
        assertThat(dump("app_copy", "users")).containsExactlyElementsOf(dump("auth", "users"));
        assertThat(dump("app_copy", "sessions")).containsExactlyElementsOf(dump("auth", "sessions"));
        assertThat(dump("app_copy", "objects")).containsExactlyElementsOf(dump("storage", "objects"));
    }
}
