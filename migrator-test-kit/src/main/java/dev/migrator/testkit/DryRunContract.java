package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dryRun(): the plan with substituted statements, and nothing changed. */
public abstract class DryRunContract extends KitSupport {

    /** Two statements naming a placeholder, then a plain script. */
    private Script users() {
        KitServer s = server();
        return Script.of("1", "create_users", s.script(s.createTable("${prefix}_users"), s.insert("${prefix}_users", 1)), null);
    }

    private Script orders() {
        return createTable("2", "orders");
    }

    private MigrationManager dryRunManager() {
        return track(builder().placeholder("prefix", "app").scripts(List.of(users(), orders())).build());
    }

    private void assertNothingCreated() {
        assertThat(tableExists("app_users")).isFalse();
        assertThat(tableExists("orders")).isFalse();
        assertThat(tableExists(HISTORY)).as("a dry run does not even create the history table").isFalse();
    }

    @Test
    public void dryRun_freshDatabase_plansStatementsWithPlaceholdersSubstitutedAndChangesNothing() {
        MigrationManager m = dryRunManager();

        DryRunResult result = m.schema().dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1", "2");
        PlannedScript users = result.plan().get(0);
        assertThat(users.target()).isEqualTo(defaultTarget());
        assertThat(users.name()).isEqualTo("create_users");
        assertThat(users.statements()).hasSize(2);
        assertThat(users.statements().get(0)).contains(server().createTable("app_users"));
        assertThat(users.statements().get(1)).contains(server().insert("app_users", 1));
        assertThat(result.plan()).allSatisfy(p -> assertThat(p.statements()).noneMatch(s -> s.contains("${")));
        assertNothingCreated();
    }

    @Test
    public void dryRun_afterPartialMigrate_plansOnlyPendingScripts() {
        MigrationManager m = dryRunManager();
        m.migrateTo("1");

        DryRunResult result = m.schema().dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("2");
        assertThat(tableExists("orders")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    public void dryRun_withUpperVersion_plansUpToIt() {
        MigrationManager m = dryRunManager();

        DryRunResult result = m.schema().dryRun(MigrateOptions.builder().to("1").build());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1");
        assertNothingCreated();
    }

    @Test
    public void dryRun_triesStatementsInARolledBackTransactionOnlyWhereDdlIsTransactional() {
        DryRunResult result = dryRunManager().schema().dryRun(MigrateOptions.defaults());

        if (server().transactionalDdl()) {
            assertThat(result.executedAndRolledBack()).containsExactly(defaultTarget());
            assertThat(result.notExecuted()).isEmpty();
        } else {
            assertThat(result.executedAndRolledBack()).isEmpty();
            assertThat(result.notExecuted()).singleElement().satisfies(s -> assertThat(s).contains("planned only"));
        }
        assertNothingCreated();
    }
}
