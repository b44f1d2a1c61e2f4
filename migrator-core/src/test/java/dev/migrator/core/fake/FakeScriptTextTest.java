package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placeholders, Java migrations, transaction modes and run events — in memory. */
class FakeScriptTextTest extends FakeEngineSupport {

    private static final Script SETTINGS = Script.of("1", "create_settings",
            "create ${schema}.settings k v\n"
                    + "insert ${schema}.settings {\"k\": \"schema\", \"v\": \"${schema}\"}\n"
                    + "insert ${schema}.settings {\"k\": \"owner\", \"v\": ${literal:owner}}",
            "drop ${schema}.settings");

    private Object setting(String schema, String key) {
        return db.rows(schema, "settings").stream().filter(r -> key.equals(r.get("k"))).findFirst().orElseThrow().get("v");
    }

    @Test
    void migrate_substitutesSchemaAndUserPlaceholders() {
        track(builder().placeholder("owner", "alice").script(SETTINGS).build()).migrate();

        assertThat(setting(SCHEMA, "schema")).isEqualTo(SCHEMA);
        assertThat(setting(SCHEMA, "owner")).isEqualTo("alice");
    }

    @Test
    void migrate_sameScriptIntoTwoSchemas_substitutesEachAndRecordsOneChecksum() {
        MigrationManager m = track(builder().placeholder("owner", "alice").script(SETTINGS).build());

        m.migrate(MigrateOptions.builder().target(Target.of(CORE, "tenant_a")).target(Target.of(CORE, "tenant_b")).build());

        assertThat(setting("tenant_a", "schema")).isEqualTo("tenant_a");
        assertThat(setting("tenant_b", "schema")).isEqualTo("tenant_b");
        assertThat(db.history("tenant_a", HISTORY).get(0).checksum()).isNotBlank()
                .isEqualTo(db.history("tenant_b", HISTORY).get(0).checksum());
    }

    @Test
    void migrate_literalPlaceholder_isQuotedSoItsValueCannotEndTheStatement() {
        String hostile = "x\"}\nfail injected";
        track(builder().placeholder("owner", hostile).script(SETTINGS).build()).migrate();

        assertThat(setting(SCHEMA, "owner")).isEqualTo(hostile);
    }

    @Test
    void migrate_rawPlaceholderWithAStatementSeparator_isRefusedAndRunsNothing() {
        MigrationManager m = track(builder().placeholder("table", "t\nfail injected")
                .script(Script.of("1", "raw", "create ${table}", null)).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("the value of placeholder ${table} contains a line break (a statement separator), so "
                        + "pasted into the script it could run statements of its own. Write ${literal:table}");
        assertThat(history()).isEmpty();
        assertThat(tableExists("t")).isFalse();
    }

    @Test
    void migrate_identifierPlaceholderNotAName_isRefused() {
        MigrationManager m = track(builder().placeholder("table", "bad name")
                .script(Script.of("1", "ident", "create ${identifier:table}", null)).build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("the value of placeholder ${identifier:table} is not a valid name");
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_placeholderWithoutValue_throwsNamingItAndLineAndRunsNothing() {
        MigrationManager m = manager(createTable("1", "a"), Script.of("2", "uses_unknown", "create b\ninsert b {\"id\": ${tenant_id}}", null));

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("Script V2__uses_unknown (code) line 2")
                .hasMessageContaining("no value for placeholder ${tenant_id}");

        assertThat(tableExists("b")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void migrate_javaMigration_runsWithTheTargetAndIsRecordedAsJava() {
        List<String> seen = new ArrayList<>();
        Script java = Script.builder("1", "java_step").up(ctx -> {
            seen.add(ctx.target() + " " + ctx.schema());
            ctx.execute("create from_java");
            assertThat(ctx.unwrap(FakeDatabase.class)).isSameAs(db);
        }).build();

        manager(java).migrate();

        assertThat(seen).containsExactly("core/main main");
        assertThat(tableExists("from_java")).isTrue();
        assertThat(history()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("JAVA");
            assertThat(r.checksum()).as("code has no checksum unless given").isNull();
        });
    }

    @Test
    void migrate_javaMigrationAsksForAHandleTheBackendLacks_failsNamingTheType() {
        Script java = Script.builder("1", "java_step").up(ctx -> ctx.unwrap(java.sql.Connection.class)).build();

        assertThatThrownBy(manager(java)::migrate)
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageContaining("in its Java code")
                .hasMessageContaining("The fake backend has no handle of type java.sql.Connection here");
        assertThat(history()).as("rolled back with its transaction").isEmpty();
    }

    @Test
    void migrate_statementThatRefusesATransaction_runsTheScriptOutsideOne() {
        MigrationManager m = manager(Script.of("1", "concurrent", "create t\nconcurrently insert t {\"id\": 1}", null));

        m.migrate();

        assertThat(rowCount("t")).isEqualTo(1);
        assertThat(historyRow("1").success()).isTrue();
    }

    @Test
    void migrate_transactionalModeOnAStatementThatRefusesIt_failsAndRollsBack() {
        Script forced = Script.builder("1", "forced").up("create t\nconcurrently insert t {\"id\": 1}")
                .transactionMode(TransactionMode.TRANSACTIONAL).build();

        assertThatThrownBy(manager(forced)::migrate)
                .isInstanceOf(ScriptFailedException.class)
                .hasMessageContaining("concurrently cannot run inside a transaction block");
        assertThat(tableExists("t")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_singleTransactionWhereDdlCommits_isRefusedBeforeAnythingRuns() {
        MigrationManager m = track(autocommitDdlBuilder().script(createTable("1", "a")).build());

        assertThatThrownBy(() -> m.migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("singleTransaction was asked for core/main, but fake here commits each statement at once");
        assertThat(db.schemaExists(SCHEMA)).isFalse();
    }

    @Test
    void migrate_listener_seesTargetAndScriptEventsInOrder() {
        List<String> events = new ArrayList<>();
        MigrationManager m = track(builder().scripts(List.of(createTable("1", "a"), createTable("2", "b"))).listener(e -> {
            String kind = e.getClass().getSimpleName();
            if (e instanceof MigrationEvent.ScriptStarted s) {
                kind += " " + s.version();
            }
            events.add(kind);
        }).build());

        m.migrate();

        assertThat(events).containsExactly("RunStarted", "LockAcquired", "TargetStarted", "ScriptStarted 1",
                "ScriptStatements", "ScriptSucceeded", "ScriptStarted 2", "ScriptStatements", "ScriptSucceeded",
                "TargetFinished", "RunFinished");
    }
}
