package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** On MariaDB DDL commits by itself, so a dry run only plans and says so. */
class DryRunMariaDbTest extends AbstractDryRunTest {

    DryRunMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Test
    void dryRun_onlyPlansAndExplainsWhyNothingWasExecuted() {
        MigrationManager m = dryRunManager(USERS,
                Script.of("2", "broken", "CREATE TABLE orders (id int);\nINSERT INTO no_such_table VALUES (1);", null));

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.executedAndRolledBack()).isEmpty();
        assertThat(result.notExecuted()).isNotEmpty();
        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1", "2");
        assertNothingCreated();
    }
}
