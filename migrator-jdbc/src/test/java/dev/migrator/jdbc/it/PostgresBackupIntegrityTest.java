package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.JdbcKitServer;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.testkit.BackupIntegrityContract;
import dev.migrator.testkit.KitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The test kit's {@link BackupIntegrityContract} on PostgreSQL, and a password in a JDBC URL kept out of a backup. */
class PostgresBackupIntegrityTest extends BackupIntegrityContract {

    @Override
    protected KitServer server() {
        return JdbcKitServer.POSTGRES;
    }

    // The store's own test once gave a URL without a password, so it could not fail: here the password is in the URL
    // and in the connection, through the manager that builds the manifest's source.
    @Test
    void backup_ofAConnectionWithAPasswordInItsUrl_neverWritesThePassword() throws Exception {
        TestDatabase db = JdbcKitServer.testDatabase(database());
        // Under trust authentication any password is accepted; a server that checks passwords gets the real one.
        String password = db.password().isEmpty() ? "Tr0ub4dor-and-3" : db.password();
        String url = "jdbc:postgresql://" + db.user() + ":" + password + "@" + db.host() + ":" + db.port() + "/"
                + db.database();
        database().execute(defaultSchema(), "CREATE TABLE notes (id int PRIMARY KEY, body text)");
        database().execute(defaultSchema(), "INSERT INTO notes VALUES (1, 'n')");
        MigrationManager m = track(MigrationManager.builder().connection(CORE, url, db.user(), password)
                .backupDirectory(backups).build());

        BackupManifest backup = m.backup(BackupRequest.builder().tables("notes").build());

        assertThat(backup.source().url()).isEqualTo("jdbc:postgresql://" + db.user() + ":****@" + db.host() + ":"
                + db.port() + "/" + db.database());
        try (Stream<Path> files = Files.walk(backups)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertThat(regular).extracting(p -> p.getFileName().toString()).contains("manifest.json");
            for (Path p : regular) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as("%s", p).doesNotContain(password);
            }
        }
    }
}
