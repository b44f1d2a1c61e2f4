package dev.migrator.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With a {@code MongoClient} bean (Boot's MongoDB auto-configuration) and migrator-mongo, against an in-process server. */
class MigratorMongoAutoConfigurationTest {

    private MongoServer server;
    private String uri;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        uri = "mongodb://127.0.0.1:" + server.bind().getPort() + "/app";
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MigratorAutoConfiguration.class,
                        MigratorMongoAutoConfiguration.class,
                        MigratorInitializerAutoConfiguration.class))
                .withPropertyValues("spring.data.mongodb.uri=" + uri, "migrator.locations=classpath:db/boot/mongo");
    }

    @Test
    void mongoClient_migratesTheUrisDatabaseAtStartUp() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(MigrationManager.class);
            assertThat(context.getBean(MigrationManager.class).status().inState(ScriptState.APPLIED))
                    .extracting(ScriptStatus::name).containsExactly("create_events");
            List<Document> events = context.getBean(MongoClient.class).getDatabase("app").getCollection("events")
                    .find().into(new ArrayList<>());
            assertThat(events).extracting(d -> d.getString("kind")).containsExactly("created by a migration");
        });
    }

    @Test
    void mongoClient_baselineVersion_usedDatabaseWithEmptyHistory_isBaselined() {
        runner().withPropertyValues("migrator.baseline-version=1")
                .run(context -> assertThat(context).hasNotFailed());
        // A second application on a database that already holds collections but no history of this table.
        runner().withPropertyValues("migrator.baseline-version=1", "migrator.history-table=other_history")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MigrationManager.class).status().scripts())
                            .extracting(ScriptStatus::state).containsExactly(ScriptState.BASELINE);
                });
    }

    @Test
    void migratorMongoAbsent_buildsNothing() {
        runner().withClassLoader(new FilteredClassLoader("dev.migrator.mongo")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MigrationManager.class);
        });
    }

    @Test
    void disabled_buildsNothing() {
        runner().withPropertyValues("migrator.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MigrationManager.class);
            assertThat(context.getBean(MongoClient.class).getDatabase("app").listCollectionNames()
                    .into(new ArrayList<>())).isEmpty();
        });
    }
}
