package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** dryRun(): the plan with substituted statements, and nothing changed. */
abstract class AbstractDryRunTest extends ItSupport {

    static final Script USERS = Script.of("1", "create_users",
            "CREATE TABLE ${prefix}_users (id int primary key);\nINSERT INTO ${prefix}_users VALUES (1);", null);
    static final Script ORDERS = createTable("2", "orders");

    AbstractDryRunTest(TestDatabase.Kind kind) {
        super(kind);
    }

    MigrationManager dryRunManager(Script... scripts) {
        return track(builder().placeholder("prefix", "app").scripts(java.util.List.of(scripts)).build());
    }

    void assertNothingCreated() {
        assertThat(tableExists("app_users")).isFalse();
        assertThat(tableExists("orders")).isFalse();
        assertThat(tableExists(HISTORY)).as("a dry run does not even create the history table").isFalse();
    }

    @Test
    void dryRun_freshDatabase_plansStatementsWithPlaceholdersSubstitutedAndChangesNothing() {
        MigrationManager m = dryRunManager(USERS, ORDERS);

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1", "2");
        PlannedScript users = result.plan().get(0);
        assertThat(users.target()).isEqualTo(defaultTarget());
        assertThat(users.name()).isEqualTo("create_users");
        assertThat(users.statements()).hasSize(2);
        assertThat(users.statements().get(0)).contains("CREATE TABLE app_users (id int primary key)");
        assertThat(users.statements().get(1)).contains("INSERT INTO app_users VALUES (1)");
        assertThat(result.plan()).allSatisfy(p -> assertThat(p.statements()).noneMatch(s -> s.contains("${")));
        assertNothingCreated();
    }

    @Test
    void dryRun_afterPartialMigrate_plansOnlyPendingScripts() {
        MigrationManager m = dryRunManager(USERS, ORDERS);
        m.migrateTo("1");

        DryRunResult result = m.dryRun(MigrateOptions.defaults());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("2");
        assertThat(tableExists("orders")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void dryRun_withUpperVersion_plansUpToIt() {
        MigrationManager m = dryRunManager(USERS, ORDERS);

        DryRunResult result = m.dryRun(MigrateOptions.builder().to("1").build());

        assertThat(result.plan()).extracting(p -> p.version().toString()).containsExactly("1");
        assertNothingCreated();
    }
}
