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
 * The registry example's manager against a real PostgreSQL (a fresh database) and MongoDB ({@code
 * MIGRATOR_TEST_MONGO_URI}, else the in-process server the example falls back to).
 */
class RegistryExampleTest {

    private TestDatabase db;
    private MongoServer server;
    private MongoClient client;
    private String mongoUri;
    private String mongoDatabase;

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
    }

    @AfterEach
    void dropDatabases() {
        client.getDatabase(mongoDatabase).drop();
        client.close();
        if (server != null) {
            server.shutdownNow();
        }
        db.close();
    }

    @Test
    void migrateRegistry_everyTargetOfBothBackendsMigrated_secondRunAppliesNothing() throws SQLException {
        StartupExample.Database postgres = new StartupExample.Database(db.url(), db.user(), db.password());

        MultiTargetResult first = RegistryExample.migrateRegistry(postgres, mongoUri);

        assertThat(first.allMigrated()).as("%s", first.failures()).isTrue();
        assertThat(first.outcomes()).extracting(o -> o.target().toString()).containsExactlyInAnyOrder(
                "core/public", "core/core", "core/guard", "core/cli_dev", "core/cli_staging", "core/cli_prod",
                "meta/" + mongoDatabase);
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

        MultiTargetResult second = RegistryExample.migrateRegistry(postgres, mongoUri);

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
