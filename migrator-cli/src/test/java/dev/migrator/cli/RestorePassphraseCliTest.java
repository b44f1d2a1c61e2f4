package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong passphrase on restore is reported as a wrong passphrase, whatever its length, and changes nothing. */
class RestorePassphraseCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private final Map<String, String> env = new HashMap<>();
    private String id;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__notes.sql"), "CREATE TABLE notes (id int PRIMARY KEY);"
                + "INSERT INTO notes VALUES (1);");
        env.putAll(CliRun.environment(db));
        env.put("RIGHT", "correct horse battery staple");
        assertThat(CliRun.of(env, dir, "migrate", "--location", "db").exit()).isZero();
        CliRun create = CliRun.of(env, dir, "backup", "create", "--tables", "public.notes", "--passphrase-env", "RIGHT",
                "--json");
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
    void restore_wrongPassphraseOfAnyLength_saysItDoesNotOpenTheBackup() {
        for (String wrong : new String[] {"short", "a wrong but long passphrase"}) {
            env.put("WRONG", wrong);

            CliRun run = CliRun.of(env, dir, "backup", "restore", id, "--passphrase-env", "WRONG");
            CliRun json = CliRun.of(env, dir, "backup", "restore", id, "--passphrase-env", "WRONG", "--json");

            assertThat(run.exit()).as(wrong + ": " + run.all()).isEqualTo(ExitCodes.BACKUP);
            assertThat(run.err()).as(wrong).contains("does not open backup " + id).doesNotContain("at least 8")
                    .doesNotContain(wrong);
            assertThat(json.json().path("error").path("code").asText()).isEqualTo("BACKUP_KEY_INVALID");
        }
        CliRun right = CliRun.of(env, dir, "backup", "restore", id, "--passphrase-env", "RIGHT");
        assertThat(right.exit()).as(right.all()).isZero();
    }
}
