package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd scripts: each operation, one transaction per script with its history entry, keys kept inside the schema. */
class EtcdScriptsTest {

    private EtcdKitDatabase db;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        db = EtcdKitServer.INSTANCE.createDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private MigrationManager manager(ConnectionConfig config, Script... scripts) {
        return MigrationManager.builder().connection(config).scripts(List.of(scripts)).build();
    }

    private String key(String relative) {
        return db.key("default", relative);
    }

    @Test
    void migrate_everyOperation_writesTheKeysOfTheSchema() throws Exception {
        db.put(key("config/limit"), "10");
        db.put(key("config/mode"), "{\"on\":true}");
        db.put(key("old/a"), "1");
        db.put(key("old/b/c"), "2");
        db.put(key("tmp/x"), "x");
        db.put(key("present"), "kept");
        try (MigrationManager m = MigrationManager.builder().connection(db.config("core"))
                .locations("classpath:etcd/every-operation").build()) {
            m.migrate();
        }
        assertThat(db.under(key(""))).containsAllEntriesOf(Map.of(
                key("config/app"), "{\"x\":1,\"name\":\"app\"}",
                key("config/banner"), "hello",
                key("session/token"), "t",
                key("present"), "kept",
                key("absent"), "new",
                key("config/limit"), "20",
                key("config/mode"), "{\"on\":false}",
                key("new/a"), "1",
                key("new/b/c"), "2"));
        assertThat(db.under(key("old/"))).isEmpty();
        assertThat(db.under(key("tmp/"))).isEmpty();
        long lease = EtcdKitDatabase.client().getKVClient().get(ByteSequence.from(key("session/token"), StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS).getKvs().get(0).getLease();
        assertThat(lease).as("the key with a ttl is bound to a lease").isNotZero();
        assertThat(db.history("default", "migrator_history")).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo("1");
            assertThat(r.success()).isTrue();
            assertThat(r.statementsCompleted()).isEqualTo(10);
        });
    }

    @Test
    void migrate_failingOperation_writesNothingOfTheScriptNorItsHistoryEntry() {
        db.put(key("config/limit"), "10");
        String script = """
                [
                  {"op": "put", "key": "config/a", "value": 1},
                  {"op": "delete", "key": "config/limit"},
                  {"op": "compareAndPut", "key": "config/limit", "expected": 10, "value": 11}
                ]""";
        try (MigrationManager m = manager(db.config("core"), Script.of("1", "broken", script, null))) {
            assertThatThrownBy(m::migrate)
                    .isInstanceOf(ScriptFailedException.class)
                    .hasMessageContaining("compareAndPut: the key config/limit holds nothing (it does not exist), "
                            + "expected '10'. Nothing was written.");
        }
        assertThat(db.get(key("config/a"))).isNull();
        assertThat(db.get(key("config/limit"))).isEqualTo("10");
        assertThat(db.history("default", "migrator_history")).isEmpty();
    }

    @Test
    void migrate_keyLeavingTheSchema_isRefusedNamingScriptOperationAndKey() {
        String script = "[{\"op\": \"put\", \"key\": \"a\", \"value\": 1},\n {\"op\": \"put\", \"key\": \"config/../../other/x\", \"value\": 1}]";
        try (MigrationManager m = manager(db.config("core"), Script.of("1", "escape", script, null))) {
            assertThatThrownBy(m::migrate)
                    .isInstanceOf(ScriptParseException.class)
                    .hasMessageContaining("line 2, column 2, operation 2: the key 'config/../../other/x' has a '..' segment; a "
                            + "key cannot leave its schema's prefix.");
        }
        String reserved = "[{\"op\": \"delete\", \"prefix\": \"__migrator/\"}]";
        try (MigrationManager m = manager(db.config("core"), Script.of("1", "reserved", reserved, null))) {
            assertThatThrownBy(m::migrate)
                    .isInstanceOf(ScriptParseException.class)
                    .hasMessageContaining("operation 1: the prefix '__migrator/' is in __migrator/, where migrator keeps the "
                            + "history and the lock; scripts cannot change it.");
        }
        String absolute = "[{\"op\": \"put\", \"key\": \"/etc/x\", \"value\": 1}]";
        try (MigrationManager m = manager(db.config("core"), Script.of("1", "absolute", absolute, null))) {
            assertThatThrownBy(m::migrate).isInstanceOf(ScriptParseException.class)
                    .hasMessageContaining("the key '/etc/x' is absolute");
        }
        assertThat(db.under(key(""))).allSatisfy((k, v) -> assertThat(k).contains("/__migrator/"));
    }

    @Test
    void migrate_scriptOverTheTransactionLimits_isRefusedBeforeAnythingRunsNamingBothLimits() {
        ConnectionConfig small = db.config("core").withProperties(Map.of("maxTxnOps", "4"));
        String fits = "[" + "{\"op\": \"put\", \"key\": \"a\", \"value\": 1},".repeat(2) + "{\"op\": \"put\", \"key\": \"b\", \"value\": 2}]";
        String tooBig = "[" + "{\"op\": \"put\", \"key\": \"c\", \"value\": 1},".repeat(3) + "{\"op\": \"put\", \"key\": \"d\", \"value\": 2}]";
        try (MigrationManager m = manager(small, Script.of("1", "fits", fits, null), Script.of("2", "too_big", tooBig, null))) {
            assertThatThrownBy(m::migrate)
                    .isInstanceOf(ScriptParseException.class)
                    .hasMessageContaining("does not fit in one etcd transaction: its 4 operations and its history entry are 5 "
                            + "operations of about")
                    .hasMessageContaining("over etcd's limits per transaction: --max-txn-ops 4 and --max-request-bytes 1572864. "
                            + "A script commits in one transaction with its history entry: split it into scripts of at most 3 "
                            + "operations each");
        }
        assertThat(db.get(key("b"))).isEqualTo("2");
        assertThat(db.get(key("d"))).isNull();
        assertThat(db.history("default", "migrator_history")).extracting(r -> r.version()).containsExactly("1");
    }

    @Test
    void migrate_deleteOfAPrefixOverTheLimit_isRefusedAndWritesNothing() {
        for (int i = 0; i < 5; i++) {
            db.put(key("many/" + i), "v");
        }
        ConnectionConfig small = db.config("core").withProperties(Map.of("maxTxnOps", "4"));
        try (MigrationManager m = manager(small, Script.of("1", "purge", "[{\"op\": \"put\", \"key\": \"x\", \"value\": 1}, "
                + "{\"op\": \"delete\", \"prefix\": \"many/\"}]", null))) {
            assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class)
                    .hasMessageContaining("delete of the prefix many/ would take more than 4 operations, over etcd's limits "
                            + "per transaction: --max-txn-ops 4 and --max-request-bytes 1572864. Nothing was written.");
        }
        assertThat(db.under(key("many/"))).hasSize(5);
        assertThat(db.get(key("x"))).isNull();
    }

    @Test
    void migrateAndRollback_scriptFilesWithDowns_applyAndUndo() throws Exception {
        Files.writeString(dir.resolve("V1__feature_flags.json"), """
                [{"op": "put", "key": "flags/search", "value": {"enabled": true}}]""");
        Files.writeString(dir.resolve("U1__feature_flags.json"), """
                [{"op": "delete", "prefix": "flags/"}]""");
        Files.writeString(dir.resolve("2_rename.json"), """
                [{"op": "move", "from": "flags/", "to": "features/"}]""");
        Files.writeString(dir.resolve("2_rename_down.json"), """
                [{"op": "move", "from": "features/", "to": "flags/"}]""");
        try (MigrationManager m = MigrationManager.builder().connection(db.config("core")).locations("filesystem:" + dir).build()) {
            m.migrate();
            assertThat(db.get(key("features/search"))).isEqualTo("{\"enabled\":true}");
            m.rollback(1);
            assertThat(db.get(key("flags/search"))).isEqualTo("{\"enabled\":true}");
            assertThat(db.get(key("features/search"))).isNull();
            m.rollback(1);
            assertThat(db.under(key("flags/"))).isEmpty();
        }
        assertThat(db.history("default", "migrator_history")).isEmpty();
    }

    @Test
    void migrate_schemaPerEnvironment_writesUnderEachEnvironmentsPrefix() {
        // tag::schema-per-environment[]
        Script settings = Script.builder("1", "settings").schema("cli_{environment}")
                .up("[{\"op\": \"put\", \"key\": \"settings/environment\", \"value\": \"${environment}\"},\n"
                        + " {\"op\": \"put\", \"key\": \"settings/log_level\", \"value\": {\"level\": \"info\"}}]")
                .down("[{\"op\": \"delete\", \"prefix\": \"settings/\"}]")
                .build();
        try (MigrationManager m = MigrationManager.builder().connection(db.config("core")).environments("dev", "prod")
                .scripts(List.of(settings)).build()) {
            m.schema().migrateAll(m.targets(), 2, false);
        }
        // end::schema-per-environment[]
        assertThat(db.under(db.key("cli_dev", "settings/"))).containsExactly(
                Map.entry(db.key("cli_dev", "settings/environment"), "dev"),
                Map.entry(db.key("cli_dev", "settings/log_level"), "{\"level\":\"info\"}"));
        assertThat(db.get(db.key("cli_prod", "settings/environment"))).isEqualTo("prod");
        assertThat(db.history("cli_prod", "migrator_history")).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("1"));
    }
}
