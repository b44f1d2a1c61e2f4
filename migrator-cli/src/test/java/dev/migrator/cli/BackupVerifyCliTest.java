package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.MigrationManager;
import dev.migrator.testkit.BackupTampering;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrator backup verify} (issue 15, item 9): without an option it checks the backup's files only, so a live
 * table that changed since is no problem of the backup; {@code --target}/{@code --against-live} compare with a live
 * database and report differences with their own exit code; a damaged file is the corrupt-backup exit code. And a
 * restore of a consistently edited file is refused before it commits (issue 15, item 8).
 */
class BackupVerifyCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private final Map<String, String> env = new HashMap<>();
    private String id;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_notes.sql"), "CREATE TABLE notes (id int PRIMARY KEY, body text);");
        env.putAll(CliRun.environment(db));
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        sql("INSERT INTO notes VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        CliRun create = cli("backup", "create", "--tables", "public.notes", "--json");
        assertThat(create.exit()).as(create.all()).isZero();
        id = create.json().path("backup").path("id").asText();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void verify_intactBackupAfterTheLiveTableChanged_checksTheFilesOnlyAndExitsZero() throws Exception {
        sql("DELETE FROM notes WHERE id > 1");

        CliRun verify = cli("backup", "verify", id);

        assertThat(verify.exit()).as(verify.all()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("Backup " + id + " is intact.").doesNotContain("LIVE ROWS");
    }

    @Test
    void verify_againstLiveAfterTheTableChanged_exitsWithTheDifferencesCodeNamingTheTable() throws Exception {
        sql("DELETE FROM notes WHERE id > 1");

        CliRun live = cli("backup", "verify", id, "--against-live");
        CliRun target = cli("backup", "verify", id, "--target", "default:public", "--json");

        assertThat(live.exit()).as(live.all()).isEqualTo(ExitCodes.LIVE_DIFFERS).isEqualTo(9);
        assertThat(live.out()).contains("Backup " + id + " is intact, but the live tables differ from it: public.notes: "
                + "3 rows in the backup, 1 live.");
        assertThat(target.exit()).as(target.all()).isEqualTo(ExitCodes.LIVE_DIFFERS);
        JsonNode doc = target.json();
        assertThat(doc.path("intact").asBoolean()).isTrue();
        assertThat(doc.path("differences").get(0).asText()).isEqualTo("public.notes: 3 rows in the backup, 1 live");
    }

    @Test
    void verify_againstLiveOfUnchangedTables_exitsZero() throws Exception {
        CliRun live = cli("backup", "verify", id, "--against-live");

        assertThat(live.exit()).as(live.all()).isEqualTo(ExitCodes.OK);
        assertThat(live.out()).contains("Backup " + id + " is intact and the live tables match it.");
    }

    @Test
    void verify_corruptedFile_exitsWithTheCorruptBackupCode_withOrWithoutTheLiveComparison() throws Exception {
        Path folder = dir.resolve("backups").resolve(id);
        try (var files = Files.list(folder)) {
            Path file = files.filter(f -> f.getFileName().toString().contains("notes")).findFirst().orElseThrow();
            Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        }

        CliRun verify = cli("backup", "verify", id);
        CliRun live = cli("backup", "verify", id, "--against-live");

        assertThat(verify.exit()).as(verify.all()).isEqualTo(ExitCodes.VALIDATION);
        assertThat(verify.out()).contains("Backup " + id + " is damaged: public.notes: ");
        assertThat(live.exit()).as(live.all()).isEqualTo(ExitCodes.VALIDATION);
    }

    @Test
    void restore_fileEditedWithItsHashUpdated_exitsWithTheCorruptCodeAndLeavesTheTable() throws Exception {
        sql("UPDATE notes SET body = 'current' WHERE id = 1");
        Path folder = dir.resolve("backups").resolve(id);
        BackupManifest backup = manifest(folder);
        BackupTampering.editConsistently(folder, backup, "public.notes", "\"one\"", "\"uno\"");
        assertThat(cli("backup", "verify", id).exit()).as("an unencrypted backup's files cannot tell").isEqualTo(ExitCodes.OK);

        CliRun restore = cli("backup", "restore", id, "--json");

        assertThat(restore.exit()).as(restore.all()).isEqualTo(ExitCodes.VALIDATION);
        assertThat(restore.json().path("error").path("code").asText()).isEqualTo("BACKUP_CORRUPT");
        assertThat(restore.json().path("error").path("message").asText())
                .endsWith("Everything was rolled back; the live tables were left as they were.");
        assertThat(bodies()).containsExactly("current", "two", "three");
    }

    @Test
    void verify_targetAndAgainstLiveTogether_isAUsageError() {
        CliRun both = cli("backup", "verify", id, "--against-live", "--target", "default");

        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--against-live").contains("--target");
    }

    @Test
    void verifyHelp_documentsFilesOnlyByDefault_andTheDifferencesExitCode() {
        CliRun help = cli("backup", "verify", "--help");

        assertThat(help.out()).contains("--against-live").contains("--target")
                .contains("9    backup verify --against-live/--target: live tables differ from an\n"
                        + "       intact backup (a damaged backup is 3)");
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, dir, args);
    }

    private BackupManifest manifest(Path folder) {
        try (MigrationManager m = MigrationManager.builder().connection("default", db.url(), db.user(), db.password())
                .backupDirectory(folder.getParent()).build()) {
            return m.backups().manifest(id);
        }
    }

    private List<String> bodies() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM notes ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
