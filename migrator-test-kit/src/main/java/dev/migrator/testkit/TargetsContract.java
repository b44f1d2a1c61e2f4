package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Targets: named schemas (databases on MariaDB and MongoDB) created when missing, {environment} patterns, many targets
 * at once, bad names.
 */
public abstract class TargetsContract extends KitSupport {

    /** Two schema-less scripts: they apply to whichever schema is migrated, unqualified names resolve there. */
    private MigrationManager tenantManager() {
        KitServer s = server();
        return manager(createTable("1", "t"), Script.of("2", "fill_t", s.script(s.insert("t", 1)), s.script(s.delete("t", 1))));
    }

    /** {@code count} schema names unique to this test, not created. */
    private List<Target> tenants(int count) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(Target.of(CORE, database().schemaName("tenant_" + i)));
        }
        return targets;
    }

    /** Creates the schema with table t already in it, so that script 1 (create_t) fails there. */
    private void breakTarget(String schema) {
        database().createSchema(schema);
        database().execute(schema, server().createTable("t"));
    }

    @Test
    public void migrateTarget_missingSchema_isCreatedAndMigrated() {
        String schema = database().schemaName("cli_dev");
        MigrationManager m = tenantManager();

        MigrateResult result = m.migrate(Target.of(CORE, schema));

        assertThat(database().schemaExists(schema)).isTrue();
        assertThat(database().count(schema, "t")).isEqualTo(1);
        assertThat(historyVersions(schema)).containsExactly("1", "2");
        assertThat(result.targets()).singleElement().satisfies(t -> assertThat(t.target()).isEqualTo(Target.of(CORE, schema)));
        assertThat(tableExists("t")).as("the default schema is untouched").isFalse();
    }

    @Test
    public void migrate_scriptsWithEnvironmentPattern_migrateEverySchemaOfTheEnvironments() {
        String dev = database().schemaName("dev");
        String prod = database().schemaName("prod");
        String prefix = dev.substring(0, dev.length() - "_dev".length());
        KitServer s = server();
        MigrationManager m = track(builder()
                .environments("dev", "prod")
                .script(Script.builder("1", "create_t")
                        .schema(prefix + "_{environment}")
                        .up(s.script(s.createTable("t", "env"), s.insertText("t", 1, "env", "${environment}")))
                        .down(s.script(s.dropTable("t")))
                        .build())
                .build());

        assertThat(m.targets()).contains(Target.of(CORE, dev), Target.of(CORE, prod));

        m.migrate();

        assertThat(database().read(dev, "t")).extracting(r -> r.get("env")).containsExactly("dev");
        assertThat(database().read(prod, "t")).extracting(r -> r.get("env")).containsExactly("prod");
        assertThat(historyVersions(dev)).containsExactly("1");
        assertThat(historyVersions(prod)).containsExactly("1");
    }

    @Test
    public void migrateAll_twentyTargetsWithParallelismFour_migratesEachWithItsOwnHistory() {
        List<Target> targets = tenants(20);
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.schema().migrateAll(targets, 4, false);

        assertThat(result.allMigrated()).as("failures: %s", result.failures()).isTrue();
        assertThat(result.outcomes()).extracting(TargetOutcome::target).containsExactlyElementsOf(targets);
        assertThat(result.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(TargetOutcome.Migrated.class,
                mig -> assertThat(mig.result().applied()).hasSize(2)));
        for (Target t : targets) {
            assertThat(historyVersions(t.schema())).as(t.toString()).containsExactly("1", "2");
            assertThat(database().count(t.schema(), "t")).as(t.toString()).isEqualTo(1);
        }
    }

    @Test
    public void migrateAll_oneBrokenTarget_failsAloneAndTheOthersAreMigrated() {
        List<Target> targets = tenants(5);
        String broken = targets.get(2).schema();
        breakTarget(broken);
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.schema().migrateAll(targets, 2, false);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo(targets.get(2));
            assertThat(f.error()).isInstanceOf(ScriptFailedException.class).hasMessageContaining("create_t");
        });
        for (int i : new int[] {0, 1, 3, 4}) {
            assertThat(result.outcomes().get(i)).isInstanceOf(TargetOutcome.Migrated.class);
            assertThat(historyVersions(targets.get(i).schema())).containsExactly("1", "2");
        }
        assertThat(database().count(broken, "t")).as("the pre-existing table is untouched").isZero();
    }

    @Test
    public void migrateAll_stopOnFailure_laterTargetsAreNotStarted() {
        List<Target> targets = tenants(5);
        breakTarget(targets.get(2).schema());
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.schema().migrateAll(targets, 1, true);

        assertThat(result.outcomes()).hasSize(5);
        assertThat(result.outcomes().get(0)).isInstanceOf(TargetOutcome.Migrated.class);
        assertThat(result.outcomes().get(1)).isInstanceOf(TargetOutcome.Migrated.class);
        assertThat(result.outcomes().get(2)).isInstanceOf(TargetOutcome.Failed.class);
        assertThat(result.outcomes().get(3)).isInstanceOf(TargetOutcome.NotStarted.class);
        assertThat(result.outcomes().get(4)).isInstanceOf(TargetOutcome.NotStarted.class);
        assertThat(database().schemaExists(targets.get(3).schema())).isFalse();
        assertThat(database().schemaExists(targets.get(4).schema())).isFalse();
        assertThat(historyVersions(targets.get(1).schema())).containsExactly("1", "2");
    }

    @Test
    public void migrateAll_stopOnFailureWithParallelism_everyOutcomeIsMigratedFailedOrNotStarted() {
        List<Target> targets = tenants(12);
        breakTarget(targets.get(0).schema());
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.schema().migrateAll(targets, 3, true);

        assertThat(result.outcomes()).extracting(TargetOutcome::target).containsExactlyElementsOf(targets);
        assertThat(result.outcomes().get(0)).isInstanceOf(TargetOutcome.Failed.class);
        assertThat(result.outcomes().stream().filter(o -> o instanceof TargetOutcome.NotStarted).count())
                .as("with the first target failing, most of the 12 are never started")
                .isGreaterThan(0);
        for (TargetOutcome o : result.outcomes()) {
            if (o instanceof TargetOutcome.NotStarted) {
                assertThat(database().schemaExists(o.target().schema())).as(o.target().toString()).isFalse();
            }
            if (o instanceof TargetOutcome.Migrated) {
                assertThat(historyVersions(o.target().schema())).containsExactly("1", "2");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad;drop", "a\"b", "x y", "x`y", "1abc; DROP TABLE t"})
    public void migrateTarget_schemaNotPlainIdentifier_throwsInvalidIdentifierAndCreatesNothing(String schema) {
        MigrationManager m = tenantManager();

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, schema)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining(schema)
                .satisfies(e -> assertThat(((InvalidIdentifierException) e).code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));

        assertThat(database().schemaExists(schema)).isFalse();
        for (String piece : schema.split("[^A-Za-z0-9_]+")) {
            if (!piece.isEmpty() && !piece.equalsIgnoreCase(defaultSchema())) {
                assertThat(database().schemaExists(piece)).as("schema %s", piece).isFalse();
            }
        }
        assertThat(tableExists("t")).isFalse();
        assertThat(tableExists(HISTORY)).isFalse();
    }

    /**
     * Decision: like an unknown connection name, an invalid schema name is bad input to the whole call, rejected
     * before any target runs (the engine validates every target first), rather than one failed outcome.
     */
    @Test
    public void migrateAll_invalidSchemaAmongTargets_rejectsTheCallBeforeAnyTargetRuns() {
        String good = database().schemaName("tenant_ok");
        MigrationManager m = tenantManager();

        assertThatThrownBy(() -> m.schema().migrateAll(List.of(Target.of(CORE, good), Target.of(CORE, "bad;drop")), 2, false))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("bad;drop");

        assertThat(database().schemaExists(good)).as("nothing runs when one target is invalid").isFalse();
        assertThat(database().schemaExists("bad;drop")).isFalse();
        assertThat(database().schemaExists("bad")).isFalse();
    }

    @Test
    public void migrateTarget_createSchemasOff_missingSchemaIsAnErrorAndNothingIsCreated() {
        String schema = database().schemaName("cli_off");
        MigrationManager m = track(builder().createSchemas(false).script(createTable("1", "t")).build());

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, schema)))
                .isInstanceOf(MigratorException.class)
                .hasMessageContaining(schema)
                .hasMessageContaining("createSchemas");

        assertThat(database().schemaExists(schema)).isFalse();
    }

    @Test
    public void statusAndRollbackOfOneTarget_concernOnlyThatSchema() {
        String a = database().schemaName("tenant_a");
        String b = database().schemaName("tenant_b");
        MigrationManager m = tenantManager();
        m.migrate(Target.of(CORE, a));
        m.migrate(Target.of(CORE, b));

        assertThat(m.status(Target.of(CORE, a)).scripts()).hasSize(2)
                .allSatisfy(s -> assertThat(s.target()).isEqualTo(Target.of(CORE, a)));

        m.rollback(Target.of(CORE, a), 2);

        assertThat(database().tableExists(a, "t")).isFalse();
        assertThat(historyVersions(a)).isEmpty();
        assertThat(historyVersions(b)).containsExactly("1", "2");
        assertThat(database().count(b, "t")).isEqualTo(1);

        m.rollbackTo(Target.of(CORE, b), "1");

        assertThat(historyVersions(b)).containsExactly("1");
        assertThat(database().count(b, "t")).isZero();
    }
}
