package dev.migrator.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepeatableScript;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import dev.migrator.spring.boot.MigrationManagerCustomizer;
import dev.migrator.spring.boot.MigratorAutoConfiguration;
import dev.migrator.spring.boot.MigratorInitializerAutoConfiguration;
import dev.migrator.spring.boot.actuate.MigratorEndpoint.MigratorDescriptor;
import dev.migrator.spring.boot.actuate.MigratorEndpoint.RepeatableDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointObjectMapper;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code migrator} endpoint's repeatable scripts and what the health indicator makes of them, against a fresh
 * PostgreSQL database: applied at start-up, changed since, and failed.
 */
class MigratorEndpointRepeatablesTest {

    private static final String BASIC = "classpath:db/boot/basic";
    private static final String REPEATABLE = "classpath:db/boot/repeatable";
    private static final String CHANGED = "classpath:db/boot/repeatable-changed";

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabases.postgres();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner runner(String repeatables) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigratorAutoConfiguration.class,
                        MigratorInitializerAutoConfiguration.class, MigratorEndpointAutoConfiguration.class,
                        JacksonEndpointAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.url(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "migrator.locations=" + BASIC + "," + repeatables,
                        "management.endpoints.web.exposure.include=migrator");
    }

    /** A manager on the same database that does not migrate: what a running application sees after someone else ran. */
    private MigrationManager manager(String repeatables, RepeatableScript... scripts) {
        MigrationManager.Builder builder = MigrationManager.builder()
                .connection("default", database.url(), database.user(), database.password())
                .locations(BASIC, repeatables);
        for (RepeatableScript script : scripts) {
            builder.repeatable(script);
        }
        return builder.build();
    }

    @Test
    void repeatableScript_listedAsAppliedAfterStartUp_besideTheUnchangedScripts() throws IOException {
        runner(REPEATABLE).run(context -> {
            assertThat(context).hasNotFailed();
            MigratorDescriptor answer = context.getBean(MigratorEndpoint.class).scripts();
            assertThat(answer.targets()).containsOnlyKeys("default/public");
            assertThat(answer.targets().get("default/public")).singleElement()
                    .satisfies(s -> assertThat(s.version() + " " + s.name() + " " + s.state()).isEqualTo("1 create_things APPLIED"));
            assertThat(answer.repeatables()).containsOnlyKeys("default/public");
            RepeatableDescriptor repeatable = answer.repeatables().get("default/public").get(0);
            assertThat(answer.repeatables().get("default/public")).hasSize(1);
            assertThat(repeatable.name()).isEqualTo("thing_ids");
            assertThat(repeatable.state()).isEqualTo("APPLIED");
            assertThat(repeatable.lastRunAt()).isNotNull().isBefore(Instant.now().plusSeconds(1));
            assertThat(context.getBean(MigratorHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            // The JSON shown in docs/spring-boot.md, written by the actuator's own mapper (pretty-printed here), times
            // and the user replaced by fixed ones.
            assertThat(json(context.getBean(EndpointObjectMapper.class), answer)).isEqualTo(resource("/actuator/migrator-endpoint.json"));
        });
    }

    @Test
    void changedRepeatableScript_isPendingChanged_untilTheNextStartUpRunsIt() {
        AtomicReference<Instant> firstRun = new AtomicReference<>();
        runner(REPEATABLE).run(context -> {
            assertThat(context).hasNotFailed();
            firstRun.set(context.getBean(MigratorEndpoint.class).scripts().repeatables().get("default/public").get(0).lastRunAt());
        });
        try (MigrationManager changed = manager(CHANGED)) {
            assertThat(new MigratorEndpoint(changed).scripts().repeatables().get("default/public"))
                    .containsExactly(new RepeatableDescriptor("thing_ids", "PENDING_CHANGED", firstRun.get()));
        }
        runner(CHANGED).run(context -> {
            assertThat(context).hasNotFailed();
            RepeatableDescriptor rerun = context.getBean(MigratorEndpoint.class).scripts().repeatables().get("default/public").get(0);
            assertThat(rerun.state()).isEqualTo("APPLIED");
            assertThat(rerun.lastRunAt()).isAfter(firstRun.get());
        });
    }

    @Test
    void newRepeatableScript_isPendingNew_withoutALastRun() {
        runner(REPEATABLE).run(context -> assertThat(context).hasNotFailed());
        try (MigrationManager manager = manager(REPEATABLE, RepeatableScript.of("thing_count", "SELECT count(*) FROM things"))) {
            List<RepeatableDescriptor> repeatables = new MigratorEndpoint(manager).scripts().repeatables().get("default/public");
            assertThat(repeatables).extracting(RepeatableDescriptor::name, RepeatableDescriptor::state)
                    .containsExactly(tuple("thing_count", "PENDING_NEW"), tuple("thing_ids", "APPLIED"));
            assertThat(repeatables.get(0).lastRunAt()).isNull();
            assertThat(repeatables.get(1).lastRunAt()).isNotNull();
        }
    }

    @Test
    void failedRepeatableScript_failsTheStartUp_thenShownFailed_andHealthStaysUpAsValidateFindsNothing() {
        runner(REPEATABLE).withUserConfiguration(BrokenRepeatableConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no_such_table");
        });
        try (MigrationManager manager = manager(REPEATABLE, BrokenRepeatableConfiguration.BROKEN)) {
            MigratorDescriptor answer = new MigratorEndpoint(manager).scripts();
            assertThat(answer.targets().get("default/public")).extracting(MigratorEndpoint.ScriptDescriptor::state)
                    .containsExactly("APPLIED");
            RepeatableDescriptor broken = answer.repeatables().get("default/public").get(0);
            assertThat(broken.name()).isEqualTo("broken_view");
            assertThat(broken.state()).isEqualTo("FAILED");
            assertThat(broken.lastRunAt()).isNotNull();
            // thing_ids runs after broken_view (name order); the failure stopped the run before it.
            assertThat(answer.repeatables().get("default/public").get(1).state()).isEqualTo("PENDING_NEW");
            // The library's own verdict: validate() reports nothing, and the next migrate simply runs it again.
            assertThat(manager.schema().validate().problems()).isEmpty();
            assertThat(new MigratorHealthIndicator(manager).health().getStatus()).isEqualTo(Status.UP);
        }
    }

    private static String json(EndpointObjectMapper mapper, MigratorDescriptor answer) throws IOException {
        String json = mapper.get().writerWithDefaultPrettyPrinter().writeValueAsString(answer);
        return json.replaceAll("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"", "\"2026-12-07T17:40:12.345678Z\"")
                .replaceAll("\"installedBy\" : \"[^\"]*\"", "\"installedBy\" : \"app\"") + "\n";
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = MigratorEndpointRepeatablesTest.class.getResourceAsStream(path)) {
            return in == null ? "(missing " + path + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenRepeatableConfiguration {
        static final RepeatableScript BROKEN =
                RepeatableScript.of("broken_view", "CREATE OR REPLACE VIEW broken AS SELECT * FROM no_such_table");

        @Bean
        MigrationManagerCustomizer brokenRepeatable() {
            return builder -> builder.repeatable(BROKEN);
        }
    }
}
