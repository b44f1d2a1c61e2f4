package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.LintFailedException;
import dev.migrator.api.LintFinding;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintScope;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.SuppressedFinding;
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintPostgresTest extends AbstractLintTest {

    LintPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    void createFixture() {
        sql("CREATE TABLE big (id bigint PRIMARY KEY, a int, b varchar(20), c text, n numeric(10,2), ref bigint)",
                "INSERT INTO big SELECT g, g, 'x', 'y', 1, NULL FROM generate_series(1, 3000) g",
                "ALTER TABLE big ADD CONSTRAINT big_a_nn CHECK (a IS NOT NULL)",
                "CREATE TABLE small (id int PRIMARY KEY, a int, b varchar(20))",
                "INSERT INTO small VALUES (1, 1, 'a'), (2, 2, 'b')",
                "CREATE TABLE vacant (id int PRIMARY KEY, a int)",
                "CREATE TABLE parent (id bigint PRIMARY KEY)",
                "ANALYZE big",
                "ANALYZE small");
    }

    @Override
    String corpus() {
        return "/lint/postgres-corpus.sql";
    }

    @Test
    void lint_defaultThreshold_emptyTablePassesAndSmallTableIsANote() {
        sql("CREATE TABLE orders (id int PRIMARY KEY, customer int)",
                "CREATE TABLE events (id int PRIMARY KEY, kind int)",
                "INSERT INTO events SELECT g, g % 7 FROM generate_series(1, 3000) g",
                "ANALYZE events");
        MigrationManager manager = track(builder()
                .script(Script.of("2", "indexes", "CREATE INDEX orders_customer_idx ON orders (customer);\n"
                        + "CREATE INDEX events_kind_idx ON events (kind);\n", null))
                .build());

        LintReport report = manager.lint();

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("PG001");
            assertThat(f.severity()).isEqualTo(LintSeverity.INFO);
            assertThat(f.statementIndex()).isEqualTo(2);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.statement()).isEqualTo("CREATE INDEX events_kind_idx ON events (kind)");
        });
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void lint_ignoreComment_reportsTheFindingAsSuppressedWithItsReason() {
        createFixture();
        // tag::lint-api[]
        MigrationManager manager = track(builder().lintThreshold(TEST_THRESHOLD)
                .script(Script.of("3", "index_b", "ALTER TABLE big ADD COLUMN k int;\n\n"
                        + "-- the index is needed before the next release\n"
                        + "-- migrator:lint-ignore PG001 built while the shop is closed\n"
                        + "CREATE INDEX big_b_idx ON big (b);\n"
                        + "CREATE INDEX big_c_idx ON big (c);\n", null))
                .build());

        LintReport report = manager.lint();

        assertThat(report.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo("built while the shop is closed");
            assertThat(s.finding().ruleId()).isEqualTo("PG001");
            assertThat(s.finding().line()).isEqualTo(5);
        });
        // The comment reaches only the statement under it.
        assertThat(report.findings()).extracting(LintFinding::ruleId, LintFinding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PG001", 6));
        assertThat(report.findings().get(0).reason()).startsWith("CREATE INDEX without CONCURRENTLY blocks every write"
                + " to the table until the index is built on public.big (about 3000 rows, ");
        assertThat(report.findings().get(0).fix()).isEqualTo("CREATE INDEX CONCURRENTLY ... in a script of its own.");
        // end::lint-api[]
    }

    @Test
    void migrate_lintFail_refusesBeforeAnythingIsAppliedAndNamesTheWayOut() {
        createFixture();
        // tag::lint-before-migrate-fail[]
        MigrationManager manager = track(builder().lintThreshold(TEST_THRESHOLD).lintBeforeMigrate(LintMode.FAIL)
                .script(Script.of("1", "note", "CREATE TABLE notes (id int)", null))
                .script(Script.of("2", "index_b", "CREATE INDEX big_b_idx ON big (b)", null))
                .build());

        assertThatThrownBy(manager::migrate)
                .isInstanceOfSatisfying(LintFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LINT_FAILED);
                    assertThat(e.report().findings()).extracting(LintFinding::ruleId).containsExactly("PG001");
                })
                .hasMessageStartingWith("Migration lint failed: 1 error in the pending scripts; nothing was applied."
                        + System.lineSeparator() + "  - ERROR PG001 core/public V2__index_b statement 1 (line 1): CREATE"
                        + " INDEX big_b_idx ON big (b) — CREATE INDEX without CONCURRENTLY")
                .hasMessageEndingWith("Rewrite the statement as the fix says, or suppress one finding with a comment on"
                        + " the line before its statement: -- migrator:lint-ignore RULE reason. To migrate without the"
                        + " check, build the manager with lintBeforeMigrate(LintMode.WARN) or"
                        + " lintBeforeMigrate(LintMode.OFF).");
        assertThat(tableExists("notes")).isFalse();
        assertThat(history()).isEmpty();
        // end::lint-before-migrate-fail[]
        assertThat(queryStrings("SELECT indexname FROM pg_indexes WHERE tablename = 'big' ORDER BY 1"))
                .containsExactly("big_pkey");
    }

    @Test
    void migrate_lintWarn_appliesAndAStaleLintOfAllScriptsStillReadsThem() {
        createFixture();
        MigrationManager manager = track(builder().lintThreshold(TEST_THRESHOLD).lintBeforeMigrate(LintMode.WARN)
                .script(Script.of("1", "index_b", "CREATE INDEX big_b_idx ON big (b)", null))
                .build());

        manager.migrate();

        assertThat(queryStrings("SELECT indexname FROM pg_indexes WHERE tablename = 'big' ORDER BY 1"))
                .containsExactly("big_b_idx", "big_pkey");
        assertThat(history()).hasSize(1);
        assertThat(manager.lint().findings()).isEmpty();
        assertThat(manager.schema().lint(LintScope.ALL).findings()).extracting(LintFinding::ruleId).containsExactly("PG001");
    }

    @Test
    void lint_scriptForcedTransactional_concurrentIndexIsAnError() {
        createFixture();
        MigrationManager manager = track(builder().lintThreshold(TEST_THRESHOLD)
                .script(Script.builder("1", "index_b").up("CREATE INDEX CONCURRENTLY big_b_idx ON big (b)")
                        .transactionMode(dev.migrator.api.TransactionMode.TRANSACTIONAL).build())
                .build());

        List<LintFinding> findings = manager.lint().findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("PG002");
            assertThat(f.severity()).isEqualTo(LintSeverity.ERROR);
        });
    }

    @Test
    void lint_suppressedFindingsDoNotFailMigrate() {
        createFixture();
        MigrationManager manager = track(builder().lintThreshold(TEST_THRESHOLD).lintBeforeMigrate(LintMode.FAIL)
                .script(Script.of("1", "index_b", "-- migrator:lint-ignore PG001 the table is read-only\n"
                        + "CREATE INDEX big_b_idx ON big (b)", null))
                .build());

        manager.migrate();

        assertThat(history()).extracting(h -> h.version()).containsExactly("1");
        assertThat(manager.schema().lint(LintScope.ALL).suppressed()).extracting(SuppressedFinding::reason)
                .containsExactly("the table is read-only");
    }
}
