package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptState;
import dev.migrator.api.Target;
import dev.migrator.api.Version;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** migrate(): version order, history rows, idempotence, an upper version, many targets — in memory. */
class FakeMigrateTest extends FakeEngineSupport {

    /** Registered out of order on purpose; the numeric order is 1.2, 1.2.9, 1.2.10, 1.10, 20250101120000. */
    private static List<Script> unorderedScripts() {
        return List.of(
                createTable("20250101120000", "t_ts"),
                createTable("1.2.10", "t_1_2_10"),
                createTable("1.10", "t_1_10"),
                createTable("1.2.9", "t_1_2_9"),
                createTable("1.2", "t_1_2"));
    }

    @Test
    void migrate_appliesPendingScriptsInNumericVersionOrder() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());

        MigrateResult result = m.migrate();

        List<String> expected = List.of("1.2", "1.2.9", "1.2.10", "1.10", "20250101120000");
        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactlyElementsOf(expected);
        assertThat(historyVersions()).containsExactlyElementsOf(expected);
        assertThat(List.of("t_1_2", "t_1_2_9", "t_1_2_10", "t_1_10", "t_ts")).allSatisfy(t -> assertThat(tableExists(t)).isTrue());
        assertThat(result.targets()).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo(defaultTarget());
            assertThat(t.currentVersion()).contains(Version.parse("20250101120000"));
        });
    }

    @Test
    void migrate_recordsOneSuccessfulHistoryRowPerScriptWithRanksAndStatementCounts() {
        MigrationManager m = track(builder().installedBy("deploy-bot").script(Script.of("1", "create_users",
                "create users id:integer name:string\ninsert users {\"id\": 1, \"name\": \"a\"}\n"
                        + "insert users {\"id\": 2, \"name\": \"b\"}", "drop users"))
                .script(createTable("2", "orders")).build());

        m.migrate();

        List<HistoryRow> rows = history();
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.checksum()).isNotBlank();
            assertThat(r.checksumAlgorithm()).isNotBlank();
            assertThat(r.type()).isEqualTo("SQL");
            assertThat(r.installedAt()).isNotNull();
            assertThat(r.executionTime().isNegative()).isFalse();
            assertThat(r.installedBy()).isEqualTo("deploy-bot");
        });
        assertThat(rows).extracting(HistoryRow::rank).containsExactly(1, 2);
        assertThat(rows).extracting(HistoryRow::name).containsExactly("create_users", "create_orders");
        assertThat(rows).extracting(HistoryRow::statementsCompleted).containsExactly(3, 1);
        assertThat(db.rows(SCHEMA, "users")).extracting(r -> r.get("name")).containsExactly("a", "b");
    }

    @Test
    void migrate_secondCall_appliesNothingAndLeavesHistoryAlone() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());
        m.migrate();
        List<HistoryRow> before = history();
        int commits = db.commits();

        MigrateResult second = m.migrate();

        assertThat(second.applied()).isEmpty();
        assertThat(second.targets()).singleElement().satisfies(t -> assertThat(t.currentVersion())
                .contains(Version.parse("20250101120000")));
        assertThat(history()).isEqualTo(before);
        assertThat(db.commits()).as("an up-to-date target is only read").isEqualTo(commits);
    }

    @Test
    void migrate_upToDate_takesNoLock() throws InterruptedException {
        manager(createTable("1", "a")).migrate();
        List<MigrationEvent> events = new ArrayList<>();
        MigrationManager m = track(builder().script(createTable("1", "a")).listener(events::add).build());

        // Another run holds the lock: an up-to-date start must not wait for it.
        try (TargetSession holder = new FakeBackendProvider().open(ConnectionConfig.of("x", FakeBackendProvider.url(dbName),
                null, null)).openSession(SCHEMA, HISTORY)) {
            assertThat(holder.lock().tryAcquire(Duration.ZERO)).isTrue();

            assertThat(m.migrate().applied()).isEmpty();
        }
        assertThat(events).noneMatch(e -> e instanceof MigrationEvent.LockWaiting);
    }

    @Test
    void migrate_newManagerOnUpToDateDatabase_appliesNothing() {
        manager(unorderedScripts().toArray(Script[]::new)).migrate();

        MigrateResult again = manager(unorderedScripts().toArray(Script[]::new)).migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(history()).hasSize(5);
    }

    @Test
    void migrateTo_stopsAtThatVersionInclusiveAndTheRestFollowsLater() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());

        MigrateResult result = m.migrateTo("1.2.10");

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("1.2", "1.2.9", "1.2.10");
        assertThat(tableExists("t_1_10")).isFalse();
        assertThat(m.status().inState(ScriptState.PENDING)).extracting(s -> s.version().toString())
                .containsExactly("1.10", "20250101120000");

        assertThat(m.migrate().applied()).extracting(e -> e.version().toString()).containsExactly("1.10", "20250101120000");
        assertThat(historyVersions()).containsExactly("1.2", "1.2.9", "1.2.10", "1.10", "20250101120000");
    }

    @Test
    void migrate_resultListsEachScriptWithStatementsAndDuration() {
        MigrateResult result = manager(createTable("1", "users"), createTable("2", "orders")).migrate();

        assertThat(result.applied()).hasSize(2).allSatisfy(e -> {
            assertThat(e.target()).isEqualTo(defaultTarget());
            assertThat(e.statements()).isEqualTo(1);
            assertThat(e.duration().isNegative()).isFalse();
        });
        assertThat(result.applied()).extracting(ExecutedScript::name).containsExactly("create_users", "create_orders");
    }

    @Test
    void migrate_customHistoryTable_isUsedInsteadOfTheDefault() {
        track(builder().historyTable("schema_log").script(createTable("1", "users")).build()).migrate();

        assertThat(db.history(SCHEMA, "schema_log")).singleElement().extracting(HistoryRow::version).isEqualTo("1");
        assertThat(db.tableExists(SCHEMA, HISTORY)).isFalse();
    }

    @Test
    void migrate_targetSchemaMissing_createsItAndItsHistory() {
        MigrationManager m = manager(createTable("1", "a"));

        m.migrate(Target.of(CORE, "tenant_a"));

        assertThat(db.schemaExists("tenant_a")).isTrue();
        assertThat(db.history("tenant_a", HISTORY)).extracting(HistoryRow::version).containsExactly("1");
        assertThat(db.tableExists("tenant_a", "a")).isTrue();
        assertThat(db.schemaExists(SCHEMA)).as("only the target asked for").isFalse();
    }

    @Test
    void migrate_createSchemasOff_missingSchemaIsRefusedWithTheSetting() {
        MigrationManager m = track(builder().createSchemas(false).script(createTable("1", "a")).build());

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, "tenant_a")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Schema tenant_a of core/tenant_a does not exist and createSchemas is off");
        assertThat(db.schemaExists("tenant_a")).isFalse();
    }

    @Test
    void migrateAll_manyTargets_eachHasItsOwnHistory() {
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));
        List<Target> tenants = List.of(Target.of(CORE, "t1"), Target.of(CORE, "t2"), Target.of(CORE, "t3"));

        var result = m.migrateAll(tenants, 3, false);

        assertThat(result.outcomes()).hasSize(3);
        assertThat(tenants).allSatisfy(t -> assertThat(db.history(t.schema(), HISTORY))
                .extracting(HistoryRow::version).containsExactly("1", "2"));
    }

    @Test
    void migrate_singleTransactionAndAStatementFails_nothingOfAnyScriptStays() {
        MigrationManager m = manager(createTable("1", "a"), Script.of("2", "broken", "create b\nfail boom", null));

        assertThatThrownBy(() -> m.migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.rolledBack()).isTrue();
                    assertThat(e.code()).isEqualTo(ErrorCode.SCRIPT_FAILED);
                });

        assertThat(tableExists("a")).isFalse();
        assertThat(tableExists("b")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void build_urlNoBackendServes_namesTheUrlAndTheBackendsFound() {
        assertThatThrownBy(() -> MigrationManager.builder().connection(CORE, "nosuch:db", null, null).build())
                .isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("No backend supports nosuch:db (connection 'core')")
                .hasMessageContaining("fake");
    }
}
