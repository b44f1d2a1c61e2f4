package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptState;
import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** migrate(): order, history rows, idempotence, an upper version, a statement the server rejects. */
public abstract class MigrateContract extends KitSupport {

    /** Registered out of order on purpose; the numeric order is 1.2, 1.2.9, 1.2.10, 1.10, 20250101120000. */
    private List<Script> unorderedScripts() {
        return List.of(
                createTable("20250101120000", "t_ts"),
                createTable("1.2.10", "t_1_2_10"),
                createTable("1.10", "t_1_10"),
                createTable("1.2.9", "t_1_2_9"),
                createTable("1.2", "t_1_2"));
    }

    @Test
    public void migrate_appliesPendingScriptsInNumericVersionOrder() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());

        MigrateResult result = m.migrate();

        List<String> expected = List.of("1.2", "1.2.9", "1.2.10", "1.10", "20250101120000");
        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactlyElementsOf(expected);
        assertThat(historyVersions()).containsExactlyElementsOf(expected);
        assertThat(tableExists("t_1_2")).isTrue();
        assertThat(tableExists("t_1_2_9")).isTrue();
        assertThat(tableExists("t_1_2_10")).isTrue();
        assertThat(tableExists("t_1_10")).isTrue();
        assertThat(tableExists("t_ts")).isTrue();
        assertThat(result.targets()).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo(defaultTarget());
            assertThat(t.currentVersion()).contains(Version.parse("20250101120000"));
        });
    }

    // tag::history-row[]
    @Test
    public void migrate_recordsOneSuccessfulHistoryRowPerScript() {
        KitServer s = server();
        MigrationManager m = manager(
                Script.of("1", "create_users", s.script(s.createTable("users"), s.insert("users", 1), s.insert("users", 2)),
                        s.script(s.dropTable("users"))),
                createTable("2", "orders"));

        m.migrate();

        assertThat(database().historyFields(defaultSchema(), HISTORY)).contains("installed_rank", "version", "name", "type",
                "checksum", "checksum_algorithm", "installed_by", "installed_at", "execution_time_ms", "success",
                "statements_completed");
        List<HistoryRow> rows = history();
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.checksum()).isNotBlank();
            assertThat(r.checksumAlgorithm()).isNotBlank();
            assertThat(r.type()).isNotBlank();
            assertThat(r.installedAt()).isNotNull();
            assertThat(r.executionTime().isNegative()).isFalse();
            assertThat(r.installedBy()).isEqualTo(database().installedBy());
        });
        assertThat(rows.get(0).rank()).isLessThan(rows.get(1).rank());
        assertThat(rows.get(0).name()).isEqualTo("create_users");
        assertThat(rows.get(0).statementsCompleted()).isEqualTo(3);
        assertThat(rows.get(1).name()).isEqualTo("create_orders");
        assertThat(rows.get(1).statementsCompleted()).isEqualTo(1);
        assertThat(rowCount("users")).isEqualTo(2);
    }
    // end::history-row[]

    @Test
    public void migrate_installedBySet_recordsIt() {
        MigrationManager m = track(builder().installedBy("deploy-bot").script(createTable("1", "users")).build());

        m.migrate();

        assertThat(history()).singleElement().extracting(HistoryRow::installedBy).isEqualTo("deploy-bot");
    }

    @Test
    public void migrate_secondCall_appliesNothing() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());
        m.migrate();
        List<HistoryRow> before = history();

        MigrateResult second = m.migrate();

        assertThat(second.applied()).isEmpty();
        assertThat(history()).isEqualTo(before);
    }

    @Test
    public void migrate_newManagerOnUpToDateDatabase_appliesNothing() {
        manager(unorderedScripts().toArray(Script[]::new)).migrate();

        MigrateResult again = manager(unorderedScripts().toArray(Script[]::new)).migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(history()).hasSize(5);
    }

    @Test
    public void migrateTo_stopsAtThatVersionInclusive() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());

        MigrateResult result = m.migrateTo("1.2.10");

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("1.2", "1.2.9", "1.2.10");
        assertThat(historyVersions()).containsExactly("1.2", "1.2.9", "1.2.10");
        assertThat(tableExists("t_1_10")).isFalse();
        assertThat(tableExists("t_ts")).isFalse();
        assertThat(m.status().inState(ScriptState.PENDING)).extracting(s -> s.version().toString())
                .containsExactly("1.10", "20250101120000");

        MigrateResult rest = m.migrate();

        assertThat(rest.applied()).extracting(e -> e.version().toString()).containsExactly("1.10", "20250101120000");
    }

    @Test
    public void migrateWithOptionsTo_stopsAtThatVersion() {
        MigrationManager m = track(builder().scripts(unorderedScripts()).build());

        m.migrate(MigrateOptions.builder().to("1.2.9").build());

        assertThat(historyVersions()).containsExactly("1.2", "1.2.9");
    }

    @Test
    public void migrate_resultListsEachScriptWithStatementsAndDuration() {
        MigrationManager m = manager(createTable("1", "users"), createTable("2", "orders"));

        MigrateResult result = m.migrate();

        assertThat(result.applied()).hasSize(2).allSatisfy(e -> {
            assertThat(e.target()).isEqualTo(defaultTarget());
            assertThat(e.statements()).isEqualTo(1);
            assertThat(e.duration().isNegative()).isFalse();
        });
        assertThat(result.applied()).extracting(ExecutedScript::name).containsExactly("create_users", "create_orders");
        assertThat(result.duration()).isNotNull();
    }

    @Test
    public void migrate_customHistoryTable_isCreatedInsteadOfDefault() {
        MigrationManager m = track(builder().historyTable("schema_log").script(createTable("1", "users")).build());

        m.migrate();

        assertThat(database().history(defaultSchema(), "schema_log")).singleElement().extracting(HistoryRow::version)
                .isEqualTo("1");
        assertThat(tableExists(HISTORY)).isFalse();
    }

    @Test
    public void serverError_namesScriptAndCommandIndex() {
        KitServer s = server();
        MigrationManager m = manager(Script.of("1", "drop_missing_index",
                s.script(s.createTable("things"), s.rejectedStatement("no_such_table")), null));

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> assertThat(e.statementIndex()).isEqualTo(2))
                .hasMessageContaining("V1__drop_missing_index");
    }
}
