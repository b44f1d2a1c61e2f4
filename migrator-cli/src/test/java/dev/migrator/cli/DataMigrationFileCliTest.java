package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data migration files: record types chosen with {@code includeTypes}/{@code excludeTypes}, the rejected share a
 * {@code --continue-on-error} run accepts set with {@code maxErrorRate}, and every key the file may hold explained in
 * {@code data migrate --help}.
 */
class DataMigrationFileCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        env.putAll(CliRun.environment(db));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tasks (id text PRIMARY KEY, status text)");
            s.execute("CREATE TABLE notes (id text PRIMARY KEY, body text)");
        }
        // A localStorage export: one key per record type.
        Files.writeString(dir.resolve("export.json"), """
                {"tasks": [{"id": "t1", "status": "todo"}, {"id": "t2", "status": "odd"}],
                 "notes": [{"id": "n1", "body": "hello"}]}
                """);
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

    private long count(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void file(String name, String extra) throws Exception {
        Files.writeString(dir.resolve(name), """
                source: { jsonFile: export.json }
                targets:
                  tasks: { table: public.tasks, keys: [id] }
                  notes: { table: public.notes, keys: [id] }
                transforms:
                  - { type: tasks, mapValues: { field: status, values: { todo: pending }, strict: true } }
                """ + extra);
    }

    @Test
    void includeTypes_migratesOnlyThoseTypes() throws Exception {
        file("notes-only.yaml", "includeTypes: [notes]\n");

        CliRun run = cli("data", "migrate", "notes-only.yaml", "--no-backup");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(count("notes")).isEqualTo(1);
        assertThat(count("tasks")).isZero();
    }

    @Test
    void excludeTypes_leavesThoseTypesOut() throws Exception {
        file("no-tasks.yaml", "excludeTypes: tasks\n");

        CliRun run = cli("data", "migrate", "no-tasks.yaml", "--no-backup");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(count("notes")).isEqualTo(1);
        assertThat(count("tasks")).isZero();
    }

    @Test
    void maxErrorRate_setsTheRejectedShareAContinueOnErrorRunAccepts() throws Exception {
        file("lenient.yaml", "maxErrorRate: 0.5\n");

        CliRun lenient = cli("data", "migrate", "lenient.yaml", "--no-backup", "--continue-on-error");

        assertThat(lenient.exit()).as(lenient.all()).isZero();
        assertThat(count("tasks")).isEqualTo(1);
        assertThat(count("notes")).isEqualTo(1);
    }

    @Test
    void withoutMaxErrorRate_theDefaultTenPercentFailsTheRun() throws Exception {
        file("strict.yaml", "");

        CliRun strict = cli("data", "migrate", "strict.yaml", "--no-backup", "--continue-on-error");

        assertThat(strict.exit()).as(strict.all()).isEqualTo(ExitCodes.DATA);
        assertThat(strict.err()).contains("rejected 1 of 3 records").contains("maxErrorRate 10.0 %");
    }

    @Test
    void badKeys_areRefusedNamingTheKey() throws Exception {
        file("bad-rate.yaml", "maxErrorRate: lots\n");
        file("too-high.yaml", "maxErrorRate: 1.5\n");
        file("bad-types.yaml", "includeTypes: { tasks: yes }\n");

        CliRun rate = cli("data", "migrate", "bad-rate.yaml");
        CliRun high = cli("data", "migrate", "too-high.yaml");
        CliRun types = cli("data", "migrate", "bad-types.yaml");

        assertThat(rate.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(rate.err()).contains("maxErrorRate").contains("lots").contains("0 to 1");
        assertThat(high.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(high.err()).contains("maxErrorRate").contains("1.5").contains("0 to 1");
        assertThat(types.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(types.err()).contains("includeTypes");
    }
}
