package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
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
 * {@code migrator data migrate} run twice, as the outside review did (issue 15): the application writes between the
 * runs, the export changes, the second run fails or is refused. Nothing the application wrote may be lost, and the
 * refusals speak in the command's flags.
 */
class DataMigrateCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.postgres();
        env.putAll(CliRun.environment(db));
        sql("CREATE TABLE tasks (id text PRIMARY KEY, title text NOT NULL, status text)");
        Files.writeString(dir.resolve("import-tasks.yaml"), """
                name: import_tasks
                source: { jsonFile: tasks.ndjson, type: tasks }
                target: { table: public.tasks, keys: [id] }
                conflict: overwrite
                transforms:
                  - rename: { from: state, to: status }
                """);
        export(1, 20);
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

    private void export(int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("{\"id\":\"t").append(i).append("\",\"title\":\"task ").append(i).append("\",\"state\":\"todo\"}\n");
        }
        Files.writeString(dir.resolve("tasks.ndjson"), b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private List<String> tasks() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id || '|' || title FROM tasks ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void secondRunFailsPastTheErrorRate_keepsWhatTheApplicationWroteBetweenTheRuns() throws Exception {
        CliRun first = cli("data", "migrate", "import-tasks.yaml", "--continue-on-error", "--batch-size", "5");
        assertThat(first.exit()).as(first.all()).isZero();
        sql("UPDATE tasks SET title = 'edited by the app' WHERE id = 't1'",
                "INSERT INTO tasks VALUES ('app1', 'inserted by the app', 'pending')");
        List<String> between = tasks();
        export(21, 25);
        Files.writeString(dir.resolve("tasks.ndjson"), "{\"title\":\"a record without its id\"}\n",
                StandardOpenOption.APPEND);

        CliRun second = cli("data", "migrate", "import-tasks.yaml", "--continue-on-error", "--batch-size", "5");

        assertThat(second.exit()).as(second.all()).isEqualTo(ExitCodes.DATA);
        assertThat(second.err()).contains("more than maxErrorRate").contains("restored from backup")
                .contains("Partial report: read 6, written 5, failed 1");
        assertThat(tasks()).containsExactlyElementsOf(between).hasSize(21).contains("t1|edited by the app",
                "app1|inserted by the app");
    }

    @Test
    void resumeOverAnEditedExport_isRefusedNamingTheRestartFlag() throws Exception {
        assertThat(cli("data", "migrate", "import-tasks.yaml").exit()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("tasks.ndjson")));
        lines.set(4, lines.get(4).replace("task 5", "task five"));
        Files.write(dir.resolve("tasks.ndjson"), lines);

        CliRun refused = cli("data", "migrate", "import-tasks.yaml");

        assertThat(refused.exit()).as(refused.all()).isEqualTo(ExitCodes.DATA);
        assertThat(refused.err()).contains("cannot resume after record 19")
                .contains("Run 'migrator data migrate import-tasks.yaml --restart' to start over from the first record")
                .doesNotContain("DataMigrationOptions");
        assertThat(tasks()).contains("t5|task 5");

        CliRun restarted = cli("data", "migrate", "import-tasks.yaml", "--restart");
        assertThat(restarted.exit()).as(restarted.all()).isZero();
        assertThat(tasks()).hasSize(20).contains("t5|task five");
    }

    @Test
    void rerunThatReadsNothingAfterTheApplicationInserted_exitsZeroWithANote() throws Exception {
        assertThat(cli("data", "migrate", "import-tasks.yaml").exit()).isZero();
        sql("INSERT INTO tasks VALUES ('app1', 'inserted by the app', 'pending')");

        CliRun again = cli("data", "migrate", "import-tasks.yaml");

        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("Verified").contains("Note: public.tasks: holds 21 rows, 1 more than this "
                + "migration accounts for");
    }
}
