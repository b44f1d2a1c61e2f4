package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB start-up example's code, run through the official driver against a real {@code mongod} when
 * {@code MIGRATOR_TEST_MONGO_URI} is set (a fresh database on it, dropped afterwards), else the in-process
 * wire-protocol server the example itself falls back to.
 */
class MongoExampleTest {

    private MongoServer server;
    private MongoClient client;
    private String uri;
    private String database;

    @BeforeEach
    void startServer() {
        String base = System.getenv("MIGRATOR_TEST_MONGO_URI");
        database = "example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (base == null || base.isBlank()) {
            server = new MongoServer(new MemoryBackend());
            base = "mongodb://127.0.0.1:" + server.bind().getPort();
        }
        base = base.strip();
        int query = base.indexOf('?');
        String hosts = query < 0 ? base : base.substring(0, query);
        int slash = hosts.indexOf('/', "mongodb://".length());
        hosts = slash < 0 ? hosts : hosts.substring(0, slash);
        uri = hosts + "/" + database + (query < 0 ? "" : base.substring(query));
        client = MongoClients.create(uri);
    }

    @AfterEach
    void stopServer() {
        client.getDatabase(database).drop();
        client.close();
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void firstStart_appliesJsonAndJavaScripts_secondStartAppliesNothing() {
        MigrateResult first = MongoExample.startApplication(uri);

        assertThat(first.applied()).extracting(s -> s.version().toString()).containsExactly("1", "2", "3");
        MongoDatabase db = client.getDatabase(database);
        List<String> indexes = db.getCollection("users").listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
        assertThat(indexes).contains("users_email");
        assertThat(db.getCollection("roles").countDocuments()).isEqualTo(3);
        assertThat(db.getCollection("users").find().map(d -> d.getString("emailNormalized")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("ada@example.com", "grace@example.com");
        assertThat(db.getCollection("migrator_history").countDocuments(new Document("success", true))).isEqualTo(3);

        MigrateResult second = MongoExample.startApplication(uri);

        assertThat(second.applied()).isEmpty();
        assertThat(db.getCollection("users").countDocuments()).isEqualTo(2);
    }

    @Test
    void rollingBackEveryScript_leavesOnlyTheHistory() {
        MongoExample.startApplication(uri);

        try (MigrationManager manager = MongoExample.manager(uri)) {
            manager.rollback(3);

            assertThat(manager.status().scripts()).allSatisfy(s -> assertThat(s.state()).isEqualTo(ScriptState.PENDING));
        }
        List<String> collections = client.getDatabase(database).listCollectionNames().into(new ArrayList<>());
        assertThat(collections).doesNotContain("users", "roles");
    }

    /** What {@code mvn -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.MongoExample} runs. */
    @Test
    void main_withoutMongoUri_migratesAnInProcessServerThenFindsNothingPending() {
        String configured = System.getenv("MIGRATOR_MONGO_URI");
        assumeTrue(configured == null || configured.isBlank(), "MIGRATOR_MONGO_URI is set: main would migrate that database");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            MongoExample.main(new String[0]);
        } finally {
            System.setOut(out);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("No MIGRATOR_MONGO_URI set: starting an in-process MongoDB wire-protocol server")
                .contains("migrate(): applied 3 script(s)")
                .contains("migrate(): nothing pending, database is up to date");
    }
}
