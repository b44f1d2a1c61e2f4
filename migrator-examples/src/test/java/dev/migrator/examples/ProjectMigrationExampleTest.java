package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.ProjectCopyException;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.ProjectOutcome;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project migration example against a real PostgreSQL: the shared database is a fresh test database, and the
 * projects' databases are created next to it by the example (and dropped afterwards).
 */
class ProjectMigrationExampleTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private StartupExample.Database platform;
    private String prefix;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
        platform = new StartupExample.Database(db.url(), db.user(), db.password());
        prefix = db.database() + "_";
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (ProjectMigrationExample.Project p : ProjectMigrationExample.PROJECTS) {
                s.execute("DROP DATABASE IF EXISTS " + prefix + p.name() + " WITH (FORCE)");
            }
        }
        db.close();
    }

    @Test
    void run_copiesOneProjectThenAll_theOversizedProjectFailsAndIsRestored() {
        ProjectMigrationExample.Run run = ProjectMigrationExample.run(platform, prefix, dir.resolve("backups"));

        // The backup of acme's source tables.
        assertThat(run.sourceBackup().rowCount()).isEqualTo(800);
        assertThat(run.sourceBackup().tables()).hasSize(3);

        // One project: every row of acme in its own database, verified.
        ProjectCopyResult single = run.single();
        assertThat(single.complete()).isTrue();
        assertThat(single.rowsCopied()).isEqualTo(800);
        assertThat(single.plannedTables()).containsExactly("auth.users", "auth.sessions", "storage.objects");
        assertThat(single.verification()).hasValueSatisfying(v -> {
            assertThat(v.isValid()).as("%s", v.problems()).isTrue();
            assertThat(v.tables()).allSatisfy(t -> assertThat(t.checksumMatches()).isTrue());
        });
        StartupExample.Database acme = run.databases().get("acme");
        assertThat(acme.url()).endsWith("/" + prefix + "acme");
        for (String[] table : new String[][] {{"acme_auth.users", "auth.users"}, {"acme_auth.sessions", "auth.sessions"},
                {"acme_storage.objects", "storage.objects"}}) {
            assertThat(ProjectMigrationExample.rows(acme, "SELECT * FROM " + table[1] + " ORDER BY 1")).as(table[1])
                    .isNotEmpty()
                    .containsExactlyElementsOf(ProjectMigrationExample.rows(platform, "SELECT * FROM " + table[0] + " ORDER BY 1"));
        }

        // All projects: acme (again) and globex copied, initech refused by its database and restored.
        assertThat(run.all().outcomes()).extracting(ProjectOutcome::project).containsExactly("acme", "globex", "initech");
        assertThat(run.all().results()).extracting(ProjectCopyResult::project).containsExactly("acme", "globex");
        assertThat(run.all().results()).allSatisfy(r -> assertThat(r.complete()).isTrue());
        assertThat(run.all().results().get(1).rowsCopied()).isEqualTo(240);
        assertThat(ProjectMigrationExample.rows(run.databases().get("globex"), "SELECT count(*) FROM auth.sessions"))
                .containsExactly("120");
        assertThat(run.all().failures()).singleElement().satisfies(f -> {
            assertThat(f.project()).isEqualTo("initech");
            assertThat(f.error()).isInstanceOfSatisfying(ProjectCopyException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DATA_FAILED);
                assertThat(e.getMessage()).contains("objects_size_limit");
                assertThat(e.projectResult().restored()).isTrue();
                assertThat(e.projectResult().failedTable()).contains("storage.objects");
            });
        });
        StartupExample.Database initech = run.databases().get("initech");
        assertThat(ProjectMigrationExample.rows(initech, "SELECT (SELECT count(*) FROM auth.users) + "
                + "(SELECT count(*) FROM auth.sessions) + (SELECT count(*) FROM storage.objects)")).containsExactly("0");
    }

    @Test
    void withDatabase_replacesTheDatabaseAndKeepsParameters() {
        assertThat(ProjectMigrationExample.withDatabase("jdbc:postgresql://db:5432/app?ssl=true", "project_acme"))
                .isEqualTo("jdbc:postgresql://db:5432/project_acme?ssl=true");
        assertThat(ProjectMigrationExample.withDatabase("jdbc:postgresql://localhost/app", "x"))
                .isEqualTo("jdbc:postgresql://localhost/x");
        assertThat(ProjectMigrationExample.withDatabase("jdbc:postgresql://localhost:5432?user=postgres", "x"))
                .isEqualTo("jdbc:postgresql://localhost:5432/x?user=postgres");
    }
}
