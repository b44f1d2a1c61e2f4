package dev.migrator.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Spring Boot example against a real PostgreSQL, started twice: the second start applies nothing. */
class SpringBootExampleTest {

    private TestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void start_migratesBeforeJdbcTemplate_thenStartsAgainWithNothingPending() {
        for (int start = 0; start < 2; start++) {
            try (ConfigurableApplicationContext context = SpringBootExample.application().run(
                    "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.user(),
                    "--spring.datasource.password=" + db.password())) {
                assertThat(SpringBootExample.greetings(context.getBean(JdbcTemplate.class)))
                        .containsExactly("Hello from a migration");
                assertThat(context.getBean(MigrationManager.class).status().scripts())
                        .extracting(ScriptStatus::name, ScriptStatus::state)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("create_greetings", ScriptState.APPLIED));
            }
        }
    }
}
