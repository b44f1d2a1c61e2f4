package dev.migrator.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link StartUpOrderingContract} on a fresh MariaDB database; then a script another instance failed halfway (MariaDB
 * commits DDL, so it stays recorded as failed) turns the health DOWN with its target, script and error.
 */
@SpringBootTest(classes = NotesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.jpa.hibernate.ddl-auto=validate",
            "migrator.locations=classpath:db/boot/jpa",
            "management.endpoints.web.exposure.include=health,migrator",
            "management.endpoint.health.show-details=always"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbStartUpTest extends StartUpOrderingContract {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.mariadb();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.url());
        registry.add("spring.datasource.username", () -> database.user());
        registry.add("spring.datasource.password", () -> database.password());
    }

    @Override
    List<String> database() {
        return List.of(database.url(), database.user(), database.password());
    }

    @Override
    String target() {
        return "default/" + database.database();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void health_isDownWhileAFailedScriptBlocksMigration() throws Exception {
        anotherInstanceFailsScript2();

        HttpResponse<String> health = get("/actuator/health/migrator");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"target\":\"" + target() + "\"",
                "\"script\":\"2 breaks\"", "failed in an earlier run on " + target(), "after 1 completed statement(s)");
        HttpResponse<String> endpoint = get("/actuator/migrator");
        assertThat(endpoint.body()).contains("\"name\":\"breaks\",\"state\":\"MISSING\"");
    }
}
