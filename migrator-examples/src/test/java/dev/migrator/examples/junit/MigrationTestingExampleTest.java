package dev.migrator.examples.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.LintFinding;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.ValidationReport;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an application tests its own migrations (docs/testing.md): the start-up example's scripts
 * ({@code classpath:db/migration}, V1 to V4 with their U down scripts) on a fresh PostgreSQL database per test —
 * migrated, rolled back and migrated again; validated and dry-run; linted so that a dangerous script fails the build.
 * The database comes from {@link TestDatabases#postgres()}: the environment's, the local service, Docker, or an embedded
 * PostgreSQL; with {@code CI=true} a missing server fails the test instead of skipping it.
 */
class MigrationTestingExampleTest {

    private TestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void migrateRollbackMigrate_theDownScriptsUndoEveryScript() throws SQLException {
        // tag::round-trip[]
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .build()) {
            MigrateResult first = manager.migrate();
            List<String> migrated = schemaShape();

            RollbackResult down = manager.rollback(first.applied().size());
            assertThat(down.rolledBack()).extracting(s -> s.version().toString()).containsExactly("4", "3", "2", "1");
            assertThat(schemaShape()).containsExactly("table migrator_history");

            MigrateResult again = manager.migrate();
            assertThat(again.applied()).hasSameSizeAs(first.applied());
            assertThat(schemaShape()).isEqualTo(migrated);
        }
        // end::round-trip[]
        assertThat(schemaShape()).contains("table users", "table sessions", "view active_sessions",
                "trigger trg_users_updated_at", "function set_updated_at");
    }

    @Test
    void validateAndDryRun_checkTheScriptsWithoutChangingAnything() throws SQLException {
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .build()) {
            // tag::dry-run[]
            DryRunResult plan = manager.schema().dryRun(MigrateOptions.defaults());

            assertThat(plan.plan()).extracting(s -> s.version().toString()).containsExactly("1", "2", "3", "4");
            // PostgreSQL's DDL is transactional: every statement ran, then was rolled back.
            assertThat(plan.executedAndRolledBack()).containsExactly(Target.of("app", "public"));
            assertThat(plan.notExecuted()).isEmpty();
            // end::dry-run[]
            assertThat(schemaShape()).doesNotContain("table users");

            manager.migrate();
            // tag::validate[]
            ValidationReport report = manager.schema().validate();
            assertThat(report.problems()).isEmpty();
            // end::validate[]
        }
    }

    @Test
    void validate_anAppliedScriptEdited_isReportedWithItsVersion() {
        try (MigrationManager released = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .script(Script.of("1", "create_notes", "CREATE TABLE notes (id int)", "DROP TABLE notes"))
                .build()) {
            released.migrate();
        }
        // tag::validate-edited[]
        try (MigrationManager edited = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .script(Script.of("1", "create_notes", "CREATE TABLE notes (id bigint)", "DROP TABLE notes"))
                .build()) {
            ValidationReport report = edited.schema().validate();

            assertThat(report.isValid()).isFalse();
            assertThat(report.problems()).extracting(ValidationProblem::kind, p -> p.version().toString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ValidationProblem.Kind.CHECKSUM_CHANGED, "1"));
        }
        // end::validate-edited[]
    }

    @Test
    void lint_theApplicationsScripts_haveNoErrors() {
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .build()) {
            // tag::lint-guard[]
            LintReport report = manager.lint();
            assertThat(report.findings(LintSeverity.ERROR)).extracting(LintFinding::describe).isEmpty();
            // end::lint-guard[]
            assertThat(report.hasErrors()).isFalse();
        }
    }

    @Test
    void lint_anIndexOnATableWithRows_isAnErrorOnceTheTableCountsAsBig() throws SQLException {
        try (MigrationManager released = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .build()) {
            released.migrate();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (email, display_name) SELECT 'u' || i || '@example.com', 'User ' || i"
                    + " FROM generate_series(1, 3000) i");
            s.execute("ANALYZE users");
        }
        // tag::lint-big-table[]
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .script(Script.of("5", "index_display_name", "CREATE INDEX ix_users_name ON users (display_name)",
                        "DROP INDEX ix_users_name"))
                // The test's 3000 users stand for production's millions: the table counts as big from 1000 rows.
                .lintThreshold(new LintThreshold(1_000, 100L * 1024 * 1024))
                .build()) {
            LintReport report = manager.lint();

            assertThat(report.hasErrors()).isTrue();
            assertThat(report.findings(LintSeverity.ERROR)).extracting(LintFinding::ruleId).containsExactly("PG001");
        }
        // end::lint-big-table[]
    }

    /** The schema's tables, views, triggers and functions, and each table's columns, sorted. */
    private List<String> schemaShape() throws SQLException {
        List<String> shape = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            read(s, "SELECT CASE table_type WHEN 'VIEW' THEN 'view ' ELSE 'table ' END || table_name"
                    + " FROM information_schema.tables WHERE table_schema = 'public'", shape);
            read(s, "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type"
                    + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrator_history'", shape);
            read(s, "SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'"
                    + " AND tablename <> 'migrator_history'", shape);
            read(s, "SELECT 'trigger ' || trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public'", shape);
            read(s, "SELECT 'function ' || routine_name FROM information_schema.routines WHERE routine_schema = 'public'", shape);
        }
        shape.sort(null);
        return shape;
    }

    private static void read(Statement s, String sql, List<String> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }
}
