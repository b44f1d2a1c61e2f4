package dev.migrator.jdbc.it;

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
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Targets: named schemas created when missing, {environment} patterns, many targets at once, bad names. */
abstract class AbstractTargetsTest extends ItSupport {

    AbstractTargetsTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** Two schema-less scripts: they apply to whichever schema is migrated, unqualified names resolve there. */
    private MigrationManager tenantManager() {
        return manager(createTable("1", "t"), Script.of("2", "fill_t", "INSERT INTO t VALUES (1)", "DELETE FROM t"));
    }

    @Test
    void migrateTarget_missingSchema_isCreatedAndMigrated() {
        String schema = uniqueSchema("cli_dev");
        MigrationManager m = tenantManager();

        MigrateResult result = m.migrate(Target.of(CORE, schema));

        assertThat(schemaExists(schema)).isTrue();
        assertThat(rowCount(schema, "t")).isEqualTo(1);
        assertThat(historyVersions(schema)).containsExactly("1", "2");
        assertThat(result.targets()).singleElement().satisfies(t -> assertThat(t.target()).isEqualTo(Target.of(CORE, schema)));
        assertThat(tableExists(defaultSchema(), "t")).as("the default schema is untouched").isFalse();
    }

    @Test
    void migrate_scriptsWithEnvironmentPattern_migrateEverySchemaOfTheEnvironments() {
        String prefix = "cli" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String dev = registerSchema(prefix + "_dev");
        String prod = registerSchema(prefix + "_prod");
        MigrationManager m = track(builder()
                .environments("dev", "prod")
                .script(Script.builder("1", "create_t")
                        .schema(prefix + "_{environment}")
                        .up("CREATE TABLE t (id int primary key, env varchar(20));\n"
                                + "INSERT INTO t VALUES (1, '${environment}');")
                        .down("DROP TABLE t")
                        .build())
                .build());

        assertThat(m.targets()).contains(Target.of(CORE, dev), Target.of(CORE, prod));

        m.migrate();

        assertThat(queryStrings("SELECT env FROM " + q(dev) + ".t")).containsExactly("dev");
        assertThat(queryStrings("SELECT env FROM " + q(prod) + ".t")).containsExactly("prod");
        assertThat(historyVersions(dev)).containsExactly("1");
        assertThat(historyVersions(prod)).containsExactly("1");
    }

    @Test
    void migrateAll_twentyTargetsWithParallelismFour_migratesEachWithItsOwnHistory() {
        String prefix = "tenant" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            targets.add(Target.of(CORE, registerSchema(prefix + "_" + i)));
        }
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.migrateAll(targets, 4, false);

        assertThat(result.allMigrated()).as("failures: %s", result.failures()).isTrue();
        assertThat(result.outcomes()).extracting(TargetOutcome::target).containsExactlyElementsOf(targets);
        assertThat(result.outcomes()).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(TargetOutcome.Migrated.class,
                mig -> assertThat(mig.result().applied()).hasSize(2)));
        for (Target t : targets) {
            assertThat(historyVersions(t.schema())).as(t.toString()).containsExactly("1", "2");
            assertThat(rowCount(t.schema(), "t")).as(t.toString()).isEqualTo(1);
        }
    }

    @Test
    void migrateAll_oneBrokenTarget_failsAloneAndTheOthersAreMigrated() {
        String prefix = "tenant" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            targets.add(Target.of(CORE, registerSchema(prefix + "_" + i)));
        }
        String broken = targets.get(2).schema();
        createSchema(broken);
        sql("CREATE TABLE " + q(broken) + ".t (id int primary key)");
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.migrateAll(targets, 2, false);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo(targets.get(2));
            assertThat(f.error()).isInstanceOf(ScriptFailedException.class).hasMessageContaining("create_t");
        });
        for (int i : new int[] {0, 1, 3, 4}) {
            assertThat(result.outcomes().get(i)).isInstanceOf(TargetOutcome.Migrated.class);
            assertThat(historyVersions(targets.get(i).schema())).containsExactly("1", "2");
        }
        assertThat(rowCount(broken, "t")).as("the pre-existing table is untouched").isZero();
    }

    @Test
    void migrateAll_stopOnFailure_laterTargetsAreNotStarted() {
        String prefix = "tenant" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            targets.add(Target.of(CORE, registerSchema(prefix + "_" + i)));
        }
        String broken = targets.get(2).schema();
        createSchema(broken);
        sql("CREATE TABLE " + q(broken) + ".t (id int primary key)");
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.migrateAll(targets, 1, true);

        assertThat(result.outcomes()).hasSize(5);
        assertThat(result.outcomes().get(0)).isInstanceOf(TargetOutcome.Migrated.class);
        assertThat(result.outcomes().get(1)).isInstanceOf(TargetOutcome.Migrated.class);
        assertThat(result.outcomes().get(2)).isInstanceOf(TargetOutcome.Failed.class);
        assertThat(result.outcomes().get(3)).isInstanceOf(TargetOutcome.NotStarted.class);
        assertThat(result.outcomes().get(4)).isInstanceOf(TargetOutcome.NotStarted.class);
        assertThat(schemaExists(targets.get(3).schema())).isFalse();
        assertThat(schemaExists(targets.get(4).schema())).isFalse();
        assertThat(historyVersions(targets.get(1).schema())).containsExactly("1", "2");
    }

    @Test
    void migrateAll_stopOnFailureWithParallelism_everyOutcomeIsMigratedFailedOrNotStarted() {
        String prefix = "tenant" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            targets.add(Target.of(CORE, registerSchema(prefix + "_" + i)));
        }
        String broken = targets.get(0).schema();
        createSchema(broken);
        sql("CREATE TABLE " + q(broken) + ".t (id int primary key)");
        MigrationManager m = tenantManager();

        MultiTargetResult result = m.migrateAll(targets, 3, true);

        assertThat(result.outcomes()).extracting(TargetOutcome::target).containsExactlyElementsOf(targets);
        assertThat(result.outcomes().get(0)).isInstanceOf(TargetOutcome.Failed.class);
        assertThat(result.outcomes().stream().filter(o -> o instanceof TargetOutcome.NotStarted).count())
                .as("with the first target failing, most of the 12 are never started")
                .isGreaterThan(0);
        for (TargetOutcome o : result.outcomes()) {
            if (o instanceof TargetOutcome.NotStarted) {
                assertThat(schemaExists(o.target().schema())).as(o.target().toString()).isFalse();
            }
            if (o instanceof TargetOutcome.Migrated) {
                assertThat(historyVersions(o.target().schema())).containsExactly("1", "2");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad;drop", "a\"b", "x y", "x`y", "1abc; DROP TABLE t"})
    void migrateTarget_schemaNotPlainIdentifier_throwsInvalidIdentifierAndCreatesNothing(String schema) {
        MigrationManager m = tenantManager();

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, schema)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining(schema)
                .satisfies(e -> assertThat(((InvalidIdentifierException) e).code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));

        assertThat(schemaExists(schema)).isFalse();
        for (String piece : schema.split("[^A-Za-z0-9_]+")) {
            if (!piece.isEmpty() && !piece.equalsIgnoreCase(defaultSchema())) {
                assertThat(schemaExists(piece)).as("schema %s", piece).isFalse();
            }
        }
        assertThat(tableExists(defaultSchema(), "t")).isFalse();
        assertThat(tableExists(defaultSchema(), HISTORY)).isFalse();
    }

    /**
     * Decision: like an unknown connection name, an invalid schema name is bad input to the whole call, rejected
     * before any target runs (the engine validates every target first), rather than one failed outcome.
     */
    @Test
    void migrateAll_invalidSchemaAmongTargets_rejectsTheCallBeforeAnyTargetRuns() {
        String good = uniqueSchema("tenant_ok");
        MigrationManager m = tenantManager();

        assertThatThrownBy(() -> m.migrateAll(List.of(Target.of(CORE, good), Target.of(CORE, "bad;drop")), 2, false))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("bad;drop");

        assertThat(schemaExists(good)).as("nothing runs when one target is invalid").isFalse();
        assertThat(schemaExists("bad;drop")).isFalse();
        assertThat(schemaExists("bad")).isFalse();
    }

    @Test
    void migrateTarget_createSchemasOff_missingSchemaIsAnErrorAndNothingIsCreated() {
        String schema = uniqueSchema("cli_off");
        MigrationManager m = track(builder().createSchemas(false).script(createTable("1", "t")).build());

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, schema)))
                .isInstanceOf(MigratorException.class)
                .hasMessageContaining(schema)
                .hasMessageContaining("createSchemas");

        assertThat(schemaExists(schema)).isFalse();
    }

    @Test
    void statusAndRollbackOfOneTarget_concernOnlyThatSchema() {
        String a = uniqueSchema("tenant_a");
        String b = uniqueSchema("tenant_b");
        MigrationManager m = tenantManager();
        m.migrate(Target.of(CORE, a));
        m.migrate(Target.of(CORE, b));

        assertThat(m.status(Target.of(CORE, a)).scripts()).hasSize(2)
                .allSatisfy(s -> assertThat(s.target()).isEqualTo(Target.of(CORE, a)));

        m.rollback(Target.of(CORE, a), 2);

        assertThat(tableExists(a, "t")).isFalse();
        assertThat(historyVersions(a)).isEmpty();
        assertThat(historyVersions(b)).containsExactly("1", "2");
        assertThat(rowCount(b, "t")).isEqualTo(1);

        m.rollbackTo(Target.of(CORE, b), "1");

        assertThat(historyVersions(b)).containsExactly("1");
        assertThat(rowCount(b, "t")).isZero();
    }
}
