package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.api.UnknownVersionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status() creates nothing; many targets fail independently; unknown versions are refused — in memory. */
class FakeStatusTargetsTest extends FakeEngineSupport {

    @Test
    void status_freshDatabase_allPendingAndCreatesNothing() {
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));

        assertThat(m.status().scripts()).extracting(ScriptStatus::state).containsExactly(ScriptState.PENDING, ScriptState.PENDING);
        assertThat(m.status().scripts()).allSatisfy(s -> assertThat(s.target()).isEqualTo(defaultTarget()));
        assertThat(m.validate().isValid()).isTrue();
        assertThat(db.schemaExists(SCHEMA)).as("status and validate create nothing").isFalse();
        assertThat(db.commits()).isZero();
    }

    @Test
    void migrateAll_oneTargetFails_theOthersAreMigratedAndEveryOutcomeReported() {
        // tenant_b already has table b, so its script 2 fails there ("already exists") and only there.
        table("tenant_b", "b", "id:integer");
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));
        List<Target> tenants = List.of(Target.of(CORE, "tenant_a"), Target.of(CORE, "tenant_b"), Target.of(CORE, "tenant_c"));

        MultiTargetResult result = m.migrateAll(tenants, 1, false);

        assertThat(result.outcomes()).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Migrated", "Failed", "Migrated");
        assertThat(result.outcomes().get(1)).isInstanceOfSatisfying(TargetOutcome.Failed.class,
                f -> assertThat(f.error()).isInstanceOf(ScriptFailedException.class).hasMessageContaining("relation \"b\" already exists"));
        assertThat(db.history("tenant_b", "migrator_history")).extracting(r -> r.version()).containsExactly("1");
        assertThat(db.history("tenant_c", "migrator_history")).extracting(r -> r.version()).containsExactly("1", "2");
    }

    @Test
    void migrateAll_stopOnFailure_targetsAfterTheFailureAreNotStarted() {
        table("tenant_a", "a", "id:integer");
        MigrationManager m = manager(createTable("1", "a"));

        MultiTargetResult result = m.migrateAll(List.of(Target.of(CORE, "tenant_a"), Target.of(CORE, "tenant_b")), 1, true);

        assertThat(result.outcomes()).extracting(o -> o.getClass().getSimpleName()).containsExactly("Failed", "NotStarted");
        assertThat(db.schemaExists("tenant_b")).isFalse();
    }

    @Test
    void migrateAll_parallelismOutOfRange_isRefusedWithTheAllowedRange() {
        MigrationManager m = manager(createTable("1", "a"));

        assertThatThrownBy(() -> m.migrateAll(List.of(Target.of(CORE, "t1")), 0, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parallelism is 0; allowed: 1 to 256.");
    }

    @Test
    void rollbackTo_unknownVersion_isRefusedAndChangesNothing() {
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));
        m.migrate();

        assertThatThrownBy(() -> m.rollbackTo("7"))
                .isInstanceOf(UnknownVersionException.class)
                .hasMessageStartingWith("Cannot roll back to version 7: it is neither a local script nor in the history of "
                        + "[core/main]. Check the version with status().");
        assertThat(historyVersions()).containsExactly("1", "2");
    }

    @Test
    void migrate_scriptForAnotherSchema_appliesThereOnly() {
        Script elsewhere = Script.builder("1", "create_t").schema("reports").up("create t").build();
        MigrationManager m = manager(elsewhere, createTable("2", "a"));

        m.migrate();

        assertThat(db.history("reports", "migrator_history")).extracting(r -> r.version()).containsExactly("1");
        assertThat(db.tableExists("reports", "t")).isTrue();
        assertThat(historyVersions()).containsExactly("2");
        assertThat(m.targets()).containsExactlyInAnyOrder(Target.of(CORE, "reports"), Target.of(CORE));
    }
}
