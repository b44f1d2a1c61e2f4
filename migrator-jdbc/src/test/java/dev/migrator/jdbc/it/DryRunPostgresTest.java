package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** On PostgreSQL a dry run also executes the plan in a transaction that is rolled back. */
class DryRunPostgresTest extends AbstractDryRunTest {

    DryRunPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    void dryRun_executesPlanInTransactionThatIsRolledBack() {
        MigrationManager m = dryRunManager(USERS, ORDERS);

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.executedAndRolledBack()).containsExactly(defaultTarget());
        assertNothingCreated();
    }

    @Test
    void dryRun_brokenStatement_throwsScriptFailedAndLeavesNothing() {
        MigrationManager m = dryRunManager(USERS,
                Script.of("2", "broken", "CREATE TABLE orders (id int);\nINSERT INTO no_such_table VALUES (1);", null));

        assertThatThrownBy(() -> m.dryRun(MigrateOptions.defaults()))
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.scriptName()).isEqualTo("broken");
                    assertThat(e.statementIndex()).isEqualTo(2);
                    assertThat(e.line()).isEqualTo(2);
                })
                .hasMessageContaining("broken")
                .hasMessageContaining("no_such_table");

        assertNothingCreated();
    }
}
