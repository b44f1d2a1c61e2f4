package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.LintFailedException;
import dev.migrator.api.LintFinding;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lintBeforeMigrate(LintMode.FAIL)} with the default threshold, as docs/linting.md shows it: an index on a table
 * of 3000 rows is a note and is applied; one on a table of 200,000 rows is refused before anything runs. The same from a
 * configuration file ({@code lintBeforeMigrate: fail}, {@code lintThreshold}).
 */
class LintBeforeMigratePostgresTest extends ItSupport {

    LintBeforeMigratePostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    void migrate_lintFailWithTheDefaultThreshold_appliesAnIndexOnASmallTableAndRefusesOneOnABigTable() {
        sql("CREATE TABLE events (id int PRIMARY KEY, kind int)",
                "INSERT INTO events SELECT g, g % 7 FROM generate_series(1, 3000) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer int)",
                "INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 200000) g",
                "ANALYZE events",
                "ANALYZE orders");
        Script eventsIndex = Script.of("1", "events_kind", "CREATE INDEX events_kind_idx ON events (kind)", null);
        Script ordersIndex = Script.of("2", "orders_customer", "CREATE INDEX orders_customer_idx ON orders (customer)", null);

        // tag::lint-before-migrate[]
        MigrationManager manager = MigrationManager.builder()
                .connection(CORE, db.url(), db.user(), db.password())
                .script(eventsIndex)                                            // 3000 rows
                .script(ordersIndex)                                            // 200,000 rows
                .lintBeforeMigrate(LintMode.FAIL)                               // OFF (default), WARN or FAIL
                .lintThreshold(new LintThreshold(100_000, 100L * 1024 * 1024))  // the default
                .build();
        // end::lint-before-migrate[]
        track(manager);

        assertThat(new LintThreshold(100_000, 100L * 1024 * 1024)).isEqualTo(LintThreshold.DEFAULT);
        assertThatThrownBy(manager::migrate).isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(
                        e.report().findings()).extracting(LintFinding::ruleId, LintFinding::severity, LintFinding::scriptName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PG001", LintSeverity.INFO, "events_kind"),
                        org.assertj.core.groups.Tuple.tuple("PG001", LintSeverity.ERROR, "orders_customer")));
        assertThat(history()).as("nothing applied, not even version 1").isEmpty();

        // Without the index on the big table, the note alone does not stop the migration.
        MigrationManager small = track(MigrationManager.builder()
                .connection(CORE, db.url(), db.user(), db.password())
                .script(eventsIndex)
                .lintBeforeMigrate(LintMode.FAIL)
                .build());
        small.migrate();
        assertThat(queryStrings("SELECT indexname FROM pg_indexes WHERE tablename = 'events' ORDER BY 1"))
                .containsExactly("events_kind_idx", "events_pkey");
    }

    @TempDir
    Path dir;

    @Test
    void migrate_lintFailFromTheConfigFile_refusesAnIndexOnATableBigByTheFilesThreshold() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, customer int)",
                "INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 3000) g",
                "ANALYZE orders");
        Path file = dir.resolve("migrator.yaml");
        try (InputStream in = getClass().getResourceAsStream("/lint-before-migrate/migrator.yaml")) {
            Files.copy(in, file);
        }
        Script ordersIndex = Script.of("1", "orders_customer", "CREATE INDEX orders_customer_idx ON orders (customer)", null);

        MigrationManager manager = track(MigrationManager.builder()
                .connection(CORE, db.url(), db.user(), db.password())
                .configFile(file)
                .script(ordersIndex)
                .build());

        assertThatThrownBy(manager::migrate).isInstanceOfSatisfying(LintFailedException.class, e -> assertThat(
                        e.report().findings()).extracting(LintFinding::ruleId, LintFinding::severity, LintFinding::scriptName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PG001", LintSeverity.ERROR, "orders_customer")));
        assertThat(history()).as("nothing applied").isEmpty();

        // Code that asks for WARN wins over the file: the finding is logged and the index built.
        MigrationManager warn = track(MigrationManager.builder()
                .connection(CORE, db.url(), db.user(), db.password())
                .configFile(file)
                .script(ordersIndex)
                .lintBeforeMigrate(LintMode.WARN)
                .build());
        warn.migrate();
        assertThat(queryStrings("SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1"))
                .containsExactly("orders_customer_idx", "orders_pkey");
    }
}
