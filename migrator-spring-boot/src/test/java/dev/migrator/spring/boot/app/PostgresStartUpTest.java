package dev.migrator.spring.boot.app;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StartUpOrderingContract} on a fresh PostgreSQL database. */
@SpringBootTest(classes = NotesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.jpa.hibernate.ddl-auto=validate",
            "migrator.locations=classpath:db/boot/jpa",
            "management.endpoints.web.exposure.include=health,migrator",
            "management.endpoint.health.show-details=always"
        })
@DirtiesContext
class PostgresStartUpTest extends StartUpOrderingContract {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.postgres();
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
        return "default/public";
    }
}
