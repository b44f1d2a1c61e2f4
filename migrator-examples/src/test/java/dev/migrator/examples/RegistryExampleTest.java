package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.TargetOutcome;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry example's manager against a real PostgreSQL (a fresh database), MongoDB ({@code
 * MIGRATOR_TEST_MONGO_URI}, else the in-process server the example falls back to) and etcd ({@code
 * MIGRATOR_TEST_ETCD_URL}, else 127.0.0.1:2379, a fresh key prefix; with {@code CI=true} a missing etcd fails the test,
 * elsewhere the etcd part is left out).
 */
class RegistryExampleTest {

    private TestDatabase db;
    private MongoServer server;
    private MongoClient client;
    private String mongoUri;
    private String mongoDatabase;
    private String etcdEndpoint;
    private String etcdPrefix;
    private io.etcd.jetcd.Client etcd;

    @BeforeEach
    void createDatabases() {
        db = TestDatabases.postgres();
        String base = System.getenv("MIGRATOR_TEST_MONGO_URI");
        mongoDatabase = "registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (base == null || base.isBlank()) {
            server = new MongoServer(new MemoryBackend());
            base = "mongodb://127.0.0.1:" + server.bind().getPort();
        }
        base = base.strip();
        int query = base.indexOf('?');
        String hosts = query < 0 ? base : base.substring(0, query);
        int slash = hosts.indexOf('/', "mongodb://".length());
        hosts = slash < 0 ? hosts : hosts.substring(0, slash);
        mongoUri = hosts + "/" + mongoDatabase + (query < 0 ? "" : base.substring(query));
        client = MongoClients.create(mongoUri);
        etcdEndpoint = etcdEndpoint();
        etcdPrefix = "/registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (etcdEndpoint != null) {
            etcd = io.etcd.jetcd.Client.builder().endpoints("http://" + etcdEndpoint).build();
        }
    }

    /** host:port of the test etcd, or {@code null} when there is none (a failure with {@code CI=true}). */
    private static String etcdEndpoint() {
        String env = System.getenv("MIGRATOR_TEST_ETCD_URL");
        String hostPort = env != null && !env.isBlank() ? env.strip().replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "")
                : "127.0.0.1:2379";
        int colon = hostPort.lastIndexOf(':');
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 500);
            return hostPort;
        } catch (java.io.IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("No etcd at " + hostPort + " for RegistryExampleTest (CI=true): start one (.ci/run "
                        + "does) or set MIGRATOR_TEST_ETCD_URL.", e);
            }
            return null;
        }
    }

    private java.util.Map<String, String> etcdKeys(String under) throws Exception {
        String prefix = etcdPrefix + "/" + under;
        byte[] end = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        end[end.length - 1]++;
        java.util.Map<String, String> keys = new java.util.TreeMap<>();
        for (io.etcd.jetcd.KeyValue kv : etcd.getKVClient().get(io.etcd.jetcd.ByteSequence.from(prefix, java.nio.charset.StandardCharsets.UTF_8),
                io.etcd.jetcd.options.GetOption.builder().withRange(io.etcd.jetcd.ByteSequence.from(end)).build())
                .get(10, java.util.concurrent.TimeUnit.SECONDS).getKvs()) {
            keys.put(kv.getKey().toString(java.nio.charset.StandardCharsets.UTF_8).substring(etcdPrefix.length() + 1),
                    kv.getValue().toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        return keys;
    }

    @AfterEach
    void dropDatabases() throws Exception {
        if (etcd != null) {
            String prefix = etcdPrefix + "/";
            byte[] end = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            end[end.length - 1]++;
            etcd.getKVClient().delete(io.etcd.jetcd.ByteSequence.from(prefix, java.nio.charset.StandardCharsets.UTF_8),
                    io.etcd.jetcd.options.DeleteOption.builder().withRange(io.etcd.jetcd.ByteSequence.from(end)).build())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            etcd.close();
        }
        client.getDatabase(mongoDatabase).drop();
        client.close();
        if (server != null) {
            server.shutdownNow();
        }
        db.close();
    }

    @Test
    void migrateRegistry_everyTargetOfEveryBackendMigrated_secondRunAppliesNothing() throws Exception {
        StartupExample.Database postgres = new StartupExample.Database(db.url(), db.user(), db.password());
        String etcdUrl = etcdEndpoint == null ? null : "etcd://" + etcdEndpoint + etcdPrefix;

        MultiTargetResult first = RegistryExample.migrateRegistry(postgres, mongoUri, etcdUrl);

        assertThat(first.allMigrated()).as("%s", first.failures()).isTrue();
        List<String> expected = new ArrayList<>(List.of(
                "core/public", "core/core", "core/guard", "core/cli_dev", "core/cli_staging", "core/cli_prod",
                "meta/" + mongoDatabase));
        if (etcdUrl != null) {
            expected.addAll(List.of("config/global", "config/cli_dev", "config/cli_staging", "config/cli_prod"));
        }
        assertThat(first.outcomes()).extracting(o -> o.target().toString()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(first.outcomes()).allSatisfy(o -> assertThat(((TargetOutcome.Migrated) o).result().applied()).isNotEmpty());
        assertThat(strings("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('public', 'core', 'guard', 'cli_dev', 'cli_staging', 'cli_prod')"
                + " AND table_name <> 'migrator_history'"))
                .containsExactlyInAnyOrder("public.registry_directory", "core.accounts", "core.api_keys",
                        "guard.rate_limits", "guard.audit_log", "cli_dev.settings", "cli_staging.settings",
                        "cli_prod.settings");
        for (String environment : RegistryExample.ENVIRONMENTS) {
            assertThat(strings("SELECT value FROM cli_" + environment + ".settings WHERE key = 'environment'"))
                    .containsExactly(environment);
            assertThat(strings("SELECT version FROM cli_" + environment + ".migrator_history")).containsExactly("1");
        }
        assertThat(strings("SELECT version FROM core.migrator_history ORDER BY installed_rank")).containsExactly("1", "2");
        assertThat(strings("SELECT route FROM guard.rate_limits ORDER BY route")).containsExactly("/api", "/login");
        MongoDatabase meta = client.getDatabase(mongoDatabase);
        assertThat(meta.getCollection("objects").listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                .contains("objects_name");
        assertThat(meta.getCollection("objects").find().map(d -> d.getString("name")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("account", "api_key");
        assertThat(meta.getCollection("migrator_history").countDocuments(new Document("success", true))).isEqualTo(2);

        if (etcdUrl != null) {
            assertThat(etcdKeys("global/settings/")).containsExactly(
                    java.util.Map.entry("global/settings/maintenance", "false"),
                    java.util.Map.entry("global/settings/regions", "[\"eu\",\"us\"]"));
            assertThat(etcdKeys("global/objects/")).containsOnlyKeys("global/objects/account", "global/objects/api_key")
                    .containsEntry("global/objects/account", "{\"label\":\"Account\",\"fields\":[\"email\",\"created_at\"]}");
            for (String environment : RegistryExample.ENVIRONMENTS) {
                assertThat(etcdKeys("cli_" + environment + "/settings/"))
                        .containsExactly(java.util.Map.entry("cli_" + environment + "/settings/environment", environment));
            }
            assertThat(etcdKeys("global/__migrator/history/migrator_history/")).hasSize(2);
        }

        MultiTargetResult second = RegistryExample.migrateRegistry(postgres, mongoUri, etcdUrl);

        assertThat(second.allMigrated()).isTrue();
        assertThat(second.outcomes()).allSatisfy(o -> assertThat(((TargetOutcome.Migrated) o).result().applied()).isEmpty());
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
