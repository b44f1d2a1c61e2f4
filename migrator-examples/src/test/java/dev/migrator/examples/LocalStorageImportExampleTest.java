package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataMigrationResult;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The localStorage import example against a fresh PostgreSQL database, with a generated export of 1,200 tasks. */
class LocalStorageImportExampleTest {

    private static final int TASKS = 1_200;

    @TempDir
    Path dir;

    private TestDatabase db;
    private StartupExample.Database database;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
        database = new StartupExample.Database(db.url(), db.user(), db.password());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void importExport_dryRunThenImport_mapsFieldsAndValuesAndResolvesEachConflictAsConfigured() throws Exception {
        Path export = dir.resolve("export.json");
        LocalStorageImportExample.writeSampleExport(export, TASKS);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        LocalStorageImportExample.Import result = LocalStorageImportExample.importExport(export, database,
                dir.resolve("backups"), new PrintStream(printed, true, StandardCharsets.UTF_8), false);

        // The dry run: every record but the theme and the server's newer task would be written; nothing was.
        DataMigrationResult dry = result.dryRun();
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.read()).isEqualTo(TASKS + 2 + 2 + 1);
        assertThat(dry.written()).isEqualTo(TASKS - 1 + 2 + 2);
        assertThat(dry.conflicts()).containsOnly(
                org.assertj.core.api.Assertions.entry("newest:incoming", 1L),
                org.assertj.core.api.Assertions.entry("newest:existing", 1L),
                org.assertj.core.api.Assertions.entry("kept_name_merged_config", 1L),
                org.assertj.core.api.Assertions.entry("overwrite", 1L));
        DataMigrationResult run = result.run();
        assertThat(run.dryRun()).isFalse();
        assertThat(run.written()).isEqualTo(dry.written());
        assertThat(run.conflicts()).isEqualTo(dry.conflicts());
        assertThat(run.failed()).isZero();
        assertThat(run.backupId()).isPresent();
        assertThat(run.verification()).hasValueSatisfying(v -> assertThat(v.isValid()).as("%s", v.problems()).isTrue());
        assertThat(result.conflicts()).hasSize(2).allSatisfy(d -> assertThat(d)
                .startsWith("environment env-1: keeps the server's name 'Production (EU)'")
                .doesNotContain("ghp_"));

        // Tasks: new ULIDs, the browser's id kept, statuses mapped, the user's id added.
        assertThat(rows("SELECT count(*), count(DISTINCT id), min(length(id)), max(length(id)) FROM app.tasks"))
                .containsExactly(TASKS + "|" + TASKS + "|26|26");
        assertThat(rows("SELECT status, count(*) FROM app.tasks GROUP BY status ORDER BY status"))
                .containsExactly("completed|400", "in_progress|400", "pending|400");
        assertThat(rows("SELECT DISTINCT user_id FROM app.tasks")).containsExactly(LocalStorageImportExample.USER_ID);
        assertThat(rows("SELECT title, created_at = timestamptz '2025-02-01T10:00:00Z' FROM app.tasks"
                + " WHERE legacy_id = 'task-00003'")).containsExactly("Task 3|t");
        // NEWEST: the browser's task-00001 is newer than the server's; the server's task-00002 is newer than the browser's.
        assertThat(rows("SELECT legacy_id, title FROM app.tasks WHERE legacy_id IN ('task-00001', 'task-00002')"
                + " ORDER BY 1")).containsExactly("task-00001|Task 1", "task-00002|Edited on the phone");

        // Environments: the server's env-1 keeps its id and name, with both configs merged; env-2 is new.
        assertThat(rows("SELECT id, name, config->>'region', config ? 'webhookUrl', config ? 'githubToken'"
                + " FROM app.environments WHERE legacy_id = 'env-1'"))
                .containsExactly("01HSERVERENV00000000000001|Production (EU)|eu-central-1|t|t");
        assertThat(rows("SELECT name, is_active, schema_version, length(id) FROM app.environments WHERE legacy_id = 'env-2'"))
                .containsExactly("Staging|f|2|26");

        // Forms: signup overwritten by the browser's, profile added; the theme is not stored.
        assertThat(rows("SELECT form_key, data->>'email', data->>'displayName' FROM app.form_data ORDER BY 1"))
                .containsExactly("profile|null|Ada", "signup|ada@example.com|null");

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("== Dry run: nothing is written ==", "== Import ==", "== Report ==",
                "100.0%", "records/s", "ETA").doesNotContain("ghp_");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
