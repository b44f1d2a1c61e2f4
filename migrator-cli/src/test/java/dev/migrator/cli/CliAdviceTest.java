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

/**
 * What the library advises, printed by the tool, names the tool's commands, flags and config keys, never an API call a
 * user of the command line cannot make ({@code outOfOrder(true)}, {@code RestoreRequest.builder().key(...)},
 * {@code continueOnError(true)}...).
 */
class CliAdviceTest {

    /** An API call in a message: {@code name(...)} with {@code true}, nothing or {@code ...} inside. */
    private static final String API_CALL = "[A-Za-z]+\\((true|false|\\.\\.\\.)?\\)";

    @TempDir
    Path dir;

    private TestDatabase db;
    private Path scripts;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        scripts = Files.createDirectories(dir.resolve("db"));
        env.putAll(CliRun.environment(db));
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, dir, args);
    }

    @Test
    void outOfOrderScript_validateAndMigrate_nameTheConfigKey() throws Exception {
        Files.writeString(scripts.resolve("V1__one.sql"), "CREATE TABLE one (id int);");
        Files.writeString(scripts.resolve("V3__three.sql"), "CREATE TABLE three (id int);");
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        Files.writeString(scripts.resolve("V2__two.sql"), "CREATE TABLE two (id int);");

        CliRun validate = cli("validate", "--location", "db");
        CliRun migrate = cli("migrate", "--location", "db");

        assertThat(validate.exit()).isEqualTo(ExitCodes.VALIDATION);
        assertThat(validate.out()).contains("outOfOrder: true in the config file").doesNotContainPattern(API_CALL);
        assertThat(migrate.exit()).as(migrate.all()).isNotZero();
        assertThat(migrate.err()).contains("outOfOrder: true in the config file").doesNotContainPattern(API_CALL);
    }

    @Test
    void encryptedBackup_restoredWithoutPassphrase_namesTheFlag() throws Exception {
        Files.writeString(scripts.resolve("V1__notes.sql"), "CREATE TABLE notes (id int PRIMARY KEY);");
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        env.put("BACKUP_PASSPHRASE", "correct horse battery staple");
        CliRun create = cli("backup", "create", "--tables", "public.notes", "--passphrase-env", "BACKUP_PASSPHRASE",
                "--json");
        assertThat(create.exit()).as(create.all()).isZero();

        CliRun restore = cli("backup", "restore", create.json().path("backup").path("id").asText());

        assertThat(restore.exit()).isEqualTo(ExitCodes.BACKUP);
        assertThat(restore.err()).contains("--passphrase-env").doesNotContain("RestoreRequest")
                .doesNotContainPattern(API_CALL);
    }

    @Test
    void dataMigration_rejectedRecord_namesContinueOnErrorWithTheFile() throws Exception {
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE tasks (id text PRIMARY KEY, status text)");
        }
        Files.writeString(dir.resolve("tasks.ndjson"), "{\"id\":\"t1\",\"status\":\"todo\"}\n{\"id\":\"t2\",\"status\":\"odd\"}\n");
        Files.writeString(dir.resolve("import.yaml"), """
                source: { jsonFile: tasks.ndjson, type: tasks }
                target: { table: public.tasks, keys: [id] }
                transforms:
                  - mapValues: { field: status, values: { todo: pending }, strict: true }
                """);

        CliRun run = cli("data", "migrate", "import.yaml", "--no-backup");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.DATA);
        assertThat(run.err()).contains("'migrator data migrate import.yaml --continue-on-error'")
                .doesNotContain("continueOnError").doesNotContainPattern(API_CALL);
    }
}
