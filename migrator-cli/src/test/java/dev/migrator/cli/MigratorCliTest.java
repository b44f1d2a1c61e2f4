package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code migrator} command run in-process as a new user would: a folder of scripts, the DATABASE_* variables (an
 * injected map, never the JVM's environment), a real PostgreSQL (and MariaDB), stdout and stderr captured.
 */
class MigratorCliTest {

    /** A password the server ignores (trust authentication) but the tool must never print. */
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path dir;

    private TestDatabase db;
    private Path scripts;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabases.postgres();
        scripts = Files.createDirectories(dir.resolve("db"));
        write("V1__create_tasks.sql", "CREATE TABLE tasks (id text PRIMARY KEY, title text NOT NULL, status text,"
                + " created_at timestamptz);");
        write("U1__create_tasks.sql", "DROP TABLE tasks;");
        write("V2__create_notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);");
        write("U2__create_notes.sql", "DROP TABLE notes;");
        env.put("DATABASE_URL", db.url());
        if (db.user() != null) {
            env.put("DATABASE_USER", db.user());
        }
        env.put("DATABASE_PASSWORD", db.password() == null || db.password().isEmpty() ? PASSWORD : db.password());
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private CliRun cli(String... args) {
        return cli(env, args);
    }

    private CliRun cli(Map<String, String> environment, String... args) {
        CliRun run = CliRun.of(environment, dir, args);
        assertThat(run.all()).as("no password in the output").doesNotContain(PASSWORD);
        return run;
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(scripts.resolve(name), sql);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean tableExists(String table) throws SQLException {
        return count("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") == 1;
    }

    @Test
    void migrate_folderOfScripts_dryRunThenMigrateThenStatusJson() throws Exception {
        CliRun dry = cli("migrate", "--location", "db", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Dry run: nothing was changed").contains("create_tasks").contains("create_notes");
        assertThat(tableExists("tasks")).isFalse();

        CliRun migrate = cli("migrate", "--location", "db");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).contains("Applied 2 script(s)");
        assertThat(tableExists("tasks")).isTrue();

        CliRun status = cli("status", "--location", "db", "--json");
        assertThat(status.exit()).isZero();
        JsonNode doc = status.json();
        assertThat(doc.path("command").asText()).isEqualTo("status");
        assertThat(doc.path("pending").asInt()).isZero();
        assertThat(doc.path("scripts")).hasSize(2);
        assertThat(doc.path("scripts").get(0).path("version").asText()).isEqualTo("1");
        assertThat(doc.path("scripts").get(0).path("state").asText()).isEqualTo("APPLIED");
        assertThat(doc.path("scripts").get(1).path("name").asText()).isEqualTo("create_notes");

        CliRun again = cli("--json", "migrate", "--location", "db");
        assertThat(again.json().path("applied")).isEmpty();
    }

    @Test
    void statusAndMigrate_repeatableScript_shownPendingNewThenRunThenPendingChanged() throws Exception {
        write("R__open_tasks.sql", "CREATE OR REPLACE VIEW open_tasks AS SELECT id FROM tasks;");

        CliRun before = cli("status", "--location", "db");
        assertThat(before.out()).containsPattern("repeatable +open_tasks +pending \\(new\\)")
                .contains("3 pending; run 'migrator migrate' to apply.");
        CliRun dry = cli("migrate", "--location", "db", "--dry-run");
        assertThat(dry.out()).containsPattern("repeatable +open_tasks +1 +yes");

        CliRun migrate = cli("migrate", "--location", "db");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(migrate.out()).contains("Applied 2 script(s)").contains("Ran 1 repeatable script(s): default/public open_tasks.");
        assertThat(migrate.err()).contains("default/public: applying repeatable open_tasks ...");
        JsonNode applied = cli("status", "--location", "db", "--json").json();
        assertThat(applied.path("pending").asInt()).isZero();
        assertThat(applied.path("repeatables").get(0).path("state").asText()).isEqualTo("APPLIED");
        assertThat(applied.path("repeatables").get(0).path("lastRunAt").asText()).isNotEmpty();

        write("R__open_tasks.sql", "CREATE OR REPLACE VIEW open_tasks AS SELECT id, title FROM tasks;");
        assertThat(cli("status", "--location", "db").out()).containsPattern("repeatable +open_tasks +pending \\(changed\\)")
                .contains("1 pending; run 'migrator migrate' to apply.");
        assertThat(cli("migrate", "--location", "db").out()).contains("Ran 1 repeatable script(s): default/public open_tasks.")
                .doesNotContain("Up to date");
        assertThat(count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'open_tasks'")).isEqualTo(2);
    }

    @Test
    void rollback_stepsOne_undoesTheNewestScript() throws Exception {
        assertThat(cli("migrate", "--location", "db").exit()).isZero();

        CliRun rollback = cli("rollback", "--location", "db", "--steps", "1");

        assertThat(rollback.exit()).as(rollback.all()).isZero();
        assertThat(rollback.out()).contains("create_notes").contains("Rolled back 1 script(s)");
        assertThat(tableExists("notes")).isFalse();
        assertThat(tableExists("tasks")).isTrue();
        JsonNode status = cli("status", "--location", "db", "--json").json();
        assertThat(status.path("pending").asInt()).isEqualTo(1);
    }

    @Test
    void migrate_toVersion_appliesUpToIt() throws Exception {
        CliRun run = cli("migrate", "--location", "db", "--to", "1", "--json");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.json().path("applied")).hasSize(1);
        assertThat(tableExists("notes")).isFalse();
    }

    @Test
    void create_writesUpAndDownScriptsIntoTheLocation() throws Exception {
        CliRun run = cli("create", "add-user-email", "--location", "db", "--json");

        assertThat(run.exit()).as(run.all()).isZero();
        Path up = Path.of(run.json().path("up").asText());
        Path down = Path.of(run.json().path("down").asText());
        assertThat(up).exists().hasParent(scripts);
        assertThat(up.getFileName().toString()).startsWith("V").endsWith("__add_user_email.sql");
        assertThat(down).exists();
        try (Stream<Path> files = Files.list(scripts)) {
            assertThat(files.count()).isEqualTo(6);
        }
    }

    @Test
    void validate_afterEditingAnAppliedScript_exitsThreeAndRepairFixesIt() throws Exception {
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        write("V2__create_notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text, extra int);");

        CliRun validate = cli("validate", "--location", "db");
        assertThat(validate.exit()).as(validate.all()).isEqualTo(ExitCodes.VALIDATION);
        assertThat(validate.out()).contains("create_notes");
        CliRun migrate = cli("migrate", "--location", "db");
        assertThat(migrate.exit()).as(migrate.all()).isEqualTo(ExitCodes.VALIDATION);
        assertThat(migrate.err()).startsWith("Error: ").doesNotContain("\tat ");

        CliRun repair = cli("repair", "--location", "db", "--json");
        assertThat(repair.exit()).as(repair.all()).isZero();
        assertThat(repair.json().path("actions").get(0).path("kind").asText()).isEqualTo("REALIGNED_CHECKSUM");
        assertThat(cli("validate", "--location", "db", "--json").json().path("valid").asBoolean()).isTrue();
    }

    @Test
    void baseline_thenMigrate_skipsOlderScripts() throws Exception {
        CliRun baseline = cli("baseline", "1", "--location", "db");
        assertThat(baseline.exit()).as(baseline.all()).isZero();
        assertThat(baseline.out()).contains("baselined at version 1");

        assertThat(cli("migrate", "--location", "db").exit()).isZero();

        assertThat(tableExists("tasks")).isFalse();
        assertThat(tableExists("notes")).isTrue();
        JsonNode status = cli("status", "--location", "db", "--json").json();
        assertThat(status.path("scripts").findValuesAsText("state")).contains("BASELINE", "APPLIED");
    }

    @Test
    void backup_withZstd_verifiesAndRestores() throws Exception {
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notes VALUES (1, 'one'), (2, 'two\ttabbed'), (3, NULL)");
        }
        CliRun create = cli("backup", "create", "--tables", "public.notes", "--compression", "zstd", "--json");
        assertThat(create.exit()).as(create.all()).isZero();
        JsonNode backup = create.json().path("backup");
        assertThat(backup.path("compression").asText()).isEqualToIgnoringCase("zstd");
        String id = backup.path("id").asText();
        try (var files = Files.list(dir.resolve("backups").resolve(id))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.endsWith(".jsonl.zst"));
        }
        assertThat(cli("backup", "verify", id).exit()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes");
        }

        CliRun restore = cli("backup", "restore", id, "--json");

        assertThat(restore.exit()).as(restore.all()).isZero();
        assertThat(count("SELECT count(*) FROM notes")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM notes WHERE body = 'two' || chr(9) || 'tabbed'")).isEqualTo(1);
        assertThat(cli("backup", "create", "--compression", "lz4").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unlock_needsForce_andOnPostgresSaysHowToFreeTheNativeLock() {
        CliRun without = cli("unlock");
        assertThat(without.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("--force");

        // PostgreSQL's advisory lock dies with its holder's connection; the library refuses to fake a force unlock.
        CliRun forced = cli("unlock", "--force", "--json");
        assertThat(forced.exit()).as(forced.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(forced.json().path("error").path("message").asText()).contains("pg_terminate_backend");
    }

    @Test
    void backup_createListVerifyRestoreDeletePrune() throws Exception {
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notes VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        env.put("BACKUP_PASSPHRASE", "correct horse battery staple");
        CliRun missingPassphrase = cli("backup", "create", "--passphrase-env", "NOT_SET");
        assertThat(missingPassphrase.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingPassphrase.err()).contains("NOT_SET");

        CliRun create = cli("backup", "create", "--label", "before_v3", "--tables", "public.notes", "--passphrase-env",
                "BACKUP_PASSPHRASE", "--json");
        assertThat(create.exit()).as(create.all()).isZero();
        JsonNode backup = create.json().path("backup");
        String id = backup.path("id").asText();
        assertThat(id).startsWith("backup_before_v3_");
        assertThat(backup.path("rows").asLong()).isEqualTo(3);
        assertThat(backup.path("encrypted").asBoolean()).isTrue();
        assertThat(create.all()).doesNotContain("correct horse");
        assertThat(dir.resolve("backups").resolve(id)).isDirectory();

        CliRun list = cli("backup", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id).contains("ENCRYPTED");

        assertThat(cli("backup", "verify", id).exit()).isZero();

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes WHERE id > 1");
        }
        CliRun wrongKey = cli(Map.of("DATABASE_URL", db.url(), "DATABASE_USER", db.user(), "K", "not the passphrase"),
                "backup", "restore", id, "--passphrase-env", "K");
        assertThat(wrongKey.exit()).as(wrongKey.all()).isEqualTo(ExitCodes.BACKUP);
        CliRun restore = cli("backup", "restore", id, "--passphrase-env", "BACKUP_PASSPHRASE", "--json");
        assertThat(restore.exit()).as(restore.all()).isZero();
        assertThat(restore.json().path("rows").asLong()).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM notes")).isEqualTo(3);

        String second = cli("backup", "create", "--tables", "public.notes", "--json").json().path("backup").path("id").asText();
        String third = cli("backup", "create", "--tables", "public.notes", "--json").json().path("backup").path("id").asText();
        CliRun prune = cli("backup", "prune", "--keep", "2", "--json");
        assertThat(prune.exit()).as(prune.all()).isZero();
        assertThat(prune.json().path("deleted").get(0).asText()).isEqualTo(id);

        assertThat(cli("backup", "delete", second).exit()).isZero();
        JsonNode left = cli("backup", "list", "--json").json().path("backups");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("id").asText()).isEqualTo(third);
        assertThat(cli("backup", "verify", "backup_nope_20200101T000000000Z").exit()).isEqualTo(ExitCodes.BACKUP);
    }

    @Test
    void dataMigrate_ndjsonIntoTable_dryRunFirstThenJson() throws Exception {
        assertThat(cli("migrate", "--location", "db").exit()).isZero();
        Files.writeString(dir.resolve("tasks.ndjson"), """
                {"id": "t1", "title": "Write the CLI", "state": "todo", "createdAt": "2026-01-05T10:00:00Z"}
                {"id": "t2", "title": "Test it", "state": "done", "createdAt": "2026-01-06T11:30:00Z"}
                {"id": "t3", "title": "Ship it", "state": "in-progress", "createdAt": 1767700000000}
                """);
        Files.writeString(dir.resolve("import-tasks.yaml"), """
                name: import_tasks
                source: { jsonFile: tasks.ndjson, type: tasks }
                target: { table: public.tasks, keys: [id] }
                conflict: overwrite
                transforms:
                  - rename: { from: state, to: status }
                  - rename: { from: createdAt, to: created_at }
                  - mapValues: { field: status, values: { todo: pending, done: completed, in-progress: in_progress } }
                  - toTimestamp: { field: created_at }
                """);

        CliRun dry = cli("data", "migrate", "import-tasks.yaml", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Dry run (nothing written)");
        assertThat(count("SELECT count(*) FROM tasks")).isZero();

        CliRun run = cli("data", "migrate", "import-tasks.yaml", "--batch-size", "2", "--json");
        assertThat(run.exit()).as(run.all()).isZero();
        JsonNode result = run.json().path("result");
        assertThat(result.path("read").asLong()).isEqualTo(3);
        assertThat(result.path("written").asLong()).isEqualTo(3);
        assertThat(result.path("dryRun").asBoolean()).isFalse();
        assertThat(count("SELECT count(*) FROM tasks WHERE status = 'completed' AND id = 't2'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tasks WHERE created_at IS NOT NULL")).isEqualTo(3);

        CliRun status = cli("data", "status", "import-tasks.yaml", "--json");
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.json().path("state").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void metadata_exportFromFilesImportIntoDatabase() throws Exception {
        Path metadata = Files.createDirectories(dir.resolve("metadata"));
        Files.writeString(metadata.resolve("account.object.json"), "{\"label\": \"Account\", \"fields\": [\"name\"]}");
        Files.writeString(metadata.resolve("accounts.view.yaml"), "label: All accounts\nobject: account\n");
        Files.writeString(dir.resolve("migrator.yaml"), """
                connections:
                  core:
                    url: ${DATABASE_URL}
                    user: ${DATABASE_USER:postgres}
                    password: ${DATABASE_PASSWORD:}
                metadata:
                  default: files
                  loaders:
                    files: { directory: metadata }
                    db: { connection: core, schema: public }
                """);

        CliRun export = cli("metadata", "export", "--loader", "files", "--output", "export.json", "--pretty", "--stats");
        assertThat(export.exit()).as(export.all()).isZero();
        assertThat(export.out()).contains("Exported 2 item(s)");
        assertThat(dir.resolve("export.json")).exists();

        CliRun dry = cli("metadata", "import", "--source", "export.json", "--loader", "db", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.json().path("result").path("created").asLong()).isEqualTo(2);
        CliRun imported = cli("metadata", "import", "--source", "export.json", "--loader", "db", "--strategy", "merge");
        assertThat(imported.exit()).as(imported.all()).isZero();
        assertThat(count("SELECT count(*) FROM public._framework_metadata")).isEqualTo(2);

        CliRun list = cli("metadata", "list", "--loader", "db", "--json");
        assertThat(list.json().path("items").findValuesAsText("name")).containsExactlyInAnyOrder("account", "accounts");
        CliRun get = cli("metadata", "get", "--type", "object", "--name", "account");
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("\"label\" : \"Account\"");
        CliRun stats = cli("metadata", "stats", "--json");
        assertThat(stats.json().path("byLoader").path("db").asLong()).isEqualTo(2);
        assertThat(cli("metadata", "get", "--type", "object", "--name", "nope").exit()).isEqualTo(ExitCodes.METADATA);
        CliRun info = cli("info", "--json");
        assertThat(info.json().path("connections").get(0).path("name").asText()).isEqualTo("core");
        assertThat(info.json().path("metadataLoaders")).hasSize(2);
    }

    @Test
    void testConnection_wrongPort_exitsFiveSayingWhatToCheckWithoutPassword() {
        Map<String, String> wrong = Map.of("DATABASE_HOST", "127.0.0.1", "DATABASE_PORT", "1", "DATABASE_NAME", "app",
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", PASSWORD);

        CliRun run = cli(wrong, "test-connection", "--timeout", "2s");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(run.err()).contains("127.0.0.1:1").contains("Check that the server is running")
                .contains("DATABASE_PORT").doesNotContain(PASSWORD).doesNotContain("\tat ");
        CliRun json = cli(wrong, "test-connection", "--timeout", "2s", "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(json.json().path("ok").asBoolean()).isFalse();
        assertThat(json.json().path("connections").get(0).path("url").asText()).isEqualTo("jdbc:postgresql://127.0.0.1:1/app");
    }

    @Test
    void testConnection_databaseVariables_areUsed() {
        Map<String, String> parts = new HashMap<>(Map.of("DATABASE_HOST", db.host(), "DATABASE_PORT",
                String.valueOf(db.port()), "DATABASE_NAME", db.database(), "DATABASE_PASSWORD", PASSWORD));
        if (db.user() != null) {
            parts.put("DATABASE_USER", db.user());
        }

        CliRun run = cli(parts, "test-connection", "--json");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.json().path("connections").get(0).path("url").asText())
                .isEqualTo("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database());
    }

    @Test
    void flags_overrideEnvironment() {
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        wrong.put("MY_PW", PASSWORD);

        CliRun run = cli(wrong, "test-connection", "--url", db.url(), "--password-env", "MY_PW", "--json");

        assertThat(run.exit()).as(run.all()).isZero();
        JsonNode info = cli(wrong, "info", "--url", db.url(), "--json").json();
        assertThat(info.path("connections").get(0).path("source").asText()).isEqualTo("--url");
        assertThat(info.path("connections").get(0).path("url").asText()).isEqualTo(db.url());
    }

    @Test
    void postgresUrlForm_withPasswordInside_isMaskedEverywhere_andItsUserIsRecordedAsInstaller() throws Exception {
        Map<String, String> form = Map.of("DATABASE_URL", "postgres://" + db.user() + ":" + PASSWORD + "@" + db.host() + ":"
                + db.port() + "/" + db.database());

        CliRun info = cli(form, "info", "--json");
        CliRun test = cli(form, "test-connection");

        assertThat(info.exit()).isZero();
        assertThat(info.json().path("connections").get(0).path("url").asText())
                .isEqualTo("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database());
        assertThat(info.json().path("connections").get(0).path("password").asText()).isEqualTo("****");
        assertThat(test.exit()).as(test.all()).isZero();

        CliRun migrate = cli(form, "migrate", "--location", "db");
        assertThat(migrate.exit()).as(migrate.all()).isZero();
        assertThat(count("SELECT count(*) FROM migrator_history WHERE installed_by = '" + db.user() + "'")).isEqualTo(2);
    }

    @Test
    void nothingConfigured_saysWhatToSet() {
        CliRun status = cli(Map.of(), "status");
        CliRun migrate = cli(Map.of(), "migrate", "--json");

        assertThat(status.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).contains("No database configured").contains("DATABASE_URL").contains("DATABASE_HOST")
                .contains("--url").contains("migrator.yaml").contains("never starts an embedded database");
        assertThat(migrate.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(migrate.json().path("error").path("exitCode").asInt()).isEqualTo(2);
        CliRun noLocation = cli("status");
        assertThat(noLocation.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noLocation.err()).contains("--location");
    }

    @Test
    void unknownOption_exitsTwoWithUsage() {
        CliRun run = cli("migrate", "--no-such-option");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--no-such-option'").contains("Usage: migrator migrate");
        assertThat(cli("frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("backup").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void help_listsCommandsAndExitCodes() {
        CliRun run = cli("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("status", "migrate", "rollback", "create", "validate", "repair", "baseline", "unlock",
                "backup", "data", "metadata", "test-connection", "info");
        assertThat(run.out()).contains("Exit codes:").contains("4    lock busy").contains("5    connection failed");
        assertThat(cli("backup", "restore", "--help").out()).contains("--into").contains("Exit codes:");
    }

    @Test
    void configFile_inWorkingDirectory_givesConnectionsAndLocations() throws Exception {
        Files.writeString(dir.resolve("migrator.yaml"), """
                connections:
                  app:
                    url: ${DATABASE_URL}
                    user: ${DATABASE_USER:postgres}
                locations:
                  - filesystem:db
                """);

        CliRun run = cli("migrate", "--json");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.json().path("applied")).hasSize(2);
        assertThat(run.json().path("targets").get(0).path("target").asText()).startsWith("app");
        CliRun bad = cli("status", "--target", "nope:x");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("configured: [app]");
    }

    @Test
    void migrate_onMariaDb_fromDatabaseTypeVariables() throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb()) {
            Path mysqlScripts = Files.createDirectories(dir.resolve("mysql"));
            Files.writeString(mysqlScripts.resolve("V1__create_items.sql"), "CREATE TABLE items (id INT PRIMARY KEY);");
            Map<String, String> vars = new HashMap<>(Map.of("DATABASE_TYPE", "mariadb", "DATABASE_HOST", maria.host(),
                    "DATABASE_PORT", String.valueOf(maria.port()), "DATABASE_NAME", maria.database(), "DATABASE_USER",
                    maria.user()));
            if (maria.password() != null && !maria.password().isEmpty()) {
                vars.put("DATABASE_PASSWORD", maria.password());
            }

            CliRun migrate = cli(vars, "migrate", "--location", "mysql");
            CliRun status = cli(vars, "status", "--location", "mysql", "--json");

            assertThat(migrate.exit()).as(migrate.all()).isZero();
            assertThat(status.json().path("scripts").findValuesAsText("state")).containsExactly("APPLIED");
        }
    }

    @Test
    void verbose_printsStackTraceOnlyWhenAsked() {
        CliRun quiet = cli("backup", "verify", "backup_nope_20200101T000000000Z");
        CliRun verbose = cli("backup", "verify", "backup_nope_20200101T000000000Z", "--verbose");

        assertThat(quiet.exit()).isEqualTo(ExitCodes.BACKUP);
        assertThat(quiet.err()).startsWith("Error: ").doesNotContain("\tat ");
        assertThat(verbose.exit()).isEqualTo(ExitCodes.BACKUP);
        assertThat(verbose.err()).contains("\tat ");
    }
}
