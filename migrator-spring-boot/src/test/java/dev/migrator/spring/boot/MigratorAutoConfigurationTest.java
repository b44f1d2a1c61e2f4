package dev.migrator.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import dev.migrator.spring.boot.actuate.MigratorEndpoint;
import dev.migrator.spring.boot.actuate.MigratorEndpointAutoConfiguration;
import dev.migrator.spring.boot.actuate.MigratorHealthIndicator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration's conditions, property binding, customizers and back-off, each against a fresh PostgreSQL
 * database (what the properties did is checked in the database, not only on the bound object).
 */
class MigratorAutoConfigurationTest {

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabases.postgres();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, MigratorAutoConfiguration.class,
                        MigratorInitializerAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.url(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "migrator.locations=classpath:db/boot/basic");
    }

    @Test
    void noDataSource_backsOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigratorAutoConfiguration.class,
                        MigratorInitializerAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MigrationManager.class);
                    assertThat(context).doesNotHaveBean(MigratorMigrationInitializer.class);
                });
    }

    @Test
    void dataSource_migratesAtStartUp() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(MigrationManager.class);
            assertThat(context).hasSingleBean(MigratorMigrationInitializer.class);
            assertThat(tables()).contains("things", "migrator_history");
            assertThat(context.getBean(MigrationManager.class).status().inState(ScriptState.APPLIED))
                    .extracting(ScriptStatus::name).containsExactly("create_things");
        });
    }

    @Test
    void jdbcTemplate_dependsOnTheInitializer() {
        runner().run(context -> {
            String[] dependsOn = context.getBeanFactory().getBeanDefinition("jdbcTemplate").getDependsOn();
            assertThat(dependsOn).contains(MigratorInitializerAutoConfiguration.INITIALIZER_BEAN);
        });
    }

    @Test
    void disabled_buildsNothingAndMigratesNothing() {
        runner().withPropertyValues("migrator.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MigrationManager.class);
            assertThat(context).doesNotHaveBean(MigratorMigrationInitializer.class);
            assertThat(tables()).doesNotContain("things", "migrator_history");
        });
    }

    @Test
    void properties_bindAndReachTheDatabase() {
        runner().withPropertyValues(
                        "migrator.locations=classpath:db/boot/placeholders",
                        "migrator.schemas=app_one,app_two",
                        "migrator.history-table=schema_history",
                        "migrator.placeholders.owner=x'); DROP TABLE owners; --",
                        "migrator.lock-timeout=45s",
                        "migrator.statement-lock-timeout=2s",
                        "migrator.lock-retry-attempts=7",
                        "migrator.validate-on-migrate=false",
                        "migrator.out-of-order=true",
                        "migrator.installed-by=deployer")
                .run(context -> {
                    MigratorProperties properties = context.getBean(MigratorProperties.class);
                    assertThat(properties.getLockTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(properties.getStatementLockTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.getLockRetryAttempts()).isEqualTo(7);
                    assertThat(properties.getLockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(properties.isValidateOnMigrate()).isFalse();
                    assertThat(properties.isOutOfOrder()).isTrue();
                    assertThat(properties.getSchemas()).containsExactly("app_one", "app_two");
                    for (String schema : List.of("app_one", "app_two")) {
                        // The hostile value arrived as text: the table survived and holds it.
                        assertThat(query("SELECT name FROM " + schema + ".owners"))
                                .containsExactly("x'); DROP TABLE owners; --");
                        assertThat(query("SELECT installed_by FROM " + schema + ".schema_history"))
                                .containsExactly("deployer");
                    }
                });
    }

    private void ordersOf3000Rows() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int)");
            s.execute("INSERT INTO orders SELECT g, g % 100 FROM generate_series(1, 3000) g");
            s.execute("ANALYZE orders");
        }
    }

    @Test
    void lintBeforeMigrateFail_anIndexOnATableBigByTheThreshold_failsTheStartUpAndAppliesNothing() throws SQLException {
        ordersOf3000Rows();
        runner().withPropertyValues(
                        "migrator.locations=classpath:db/boot/lint",
                        // tag::lint-properties[]
                        "migrator.lint-before-migrate=fail",     // off (default), warn or fail
                        "migrator.lint-threshold.rows=1000",     // default 100000
                        "migrator.lint-threshold.bytes=100MB")   // default 100MB
                        // end::lint-properties[]
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(dev.migrator.api.LintFailedException.class)
                            .hasMessageContaining("Migration lint failed: 1 error in the pending scripts")
                            .hasMessageContaining("ERROR PG001");
                    assertThat(query("SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"))
                            .containsExactly("orders_pkey");
                    assertThat(tables()).doesNotContain("migrator_history");
                });
    }

    @Test
    void lintBeforeMigrateWarn_bindsAndReachesTheBuilder_andTheStartUpMigrates() throws SQLException {
        ordersOf3000Rows();
        runner().withPropertyValues(
                        "migrator.locations=classpath:db/boot/lint",
                        "migrator.lint-before-migrate=WARN",
                        "migrator.lint-threshold.rows=1000",
                        "migrator.lint-threshold.bytes=8MB")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MigratorProperties properties = context.getBean(MigratorProperties.class);
                    assertThat(properties.getLintBeforeMigrate()).isEqualTo(dev.migrator.api.LintMode.WARN);
                    assertThat(properties.getLintThreshold().toThreshold())
                            .isEqualTo(new dev.migrator.api.LintThreshold(1000, 8L * 1024 * 1024));
                    assertThat(query("SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1"))
                            .containsExactly("orders_customer_idx", "orders_pkey");
                });
        MigratorProperties defaults = new MigratorProperties();
        assertThat(defaults.getLintBeforeMigrate()).isEqualTo(dev.migrator.api.LintMode.OFF);
        assertThat(defaults.getLintThreshold().toThreshold()).isEqualTo(dev.migrator.api.LintThreshold.DEFAULT);
    }

    @Test
    void customizer_isCalledWithTheBuilder() {
        runner().withUserConfiguration(CustomizerConfiguration.class).run(context -> {
            assertThat(tables()).contains("things", "from_customizer");
        });
    }

    @Test
    void ownManager_autoConfiguredOneBacksOff_andOwnOneIsMigrated() {
        runner().withUserConfiguration(OwnManagerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(MigrationManager.class);
            assertThat(context.getBean(MigrationManager.class)).isSameAs(context.getBean("ownManager"));
            assertThat(tables()).contains("own_table").doesNotContain("things");
        });
    }

    @Test
    void disabled_ownManagerIsNotMigrated() {
        runner().withUserConfiguration(OwnManagerConfiguration.class).withPropertyValues("migrator.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(MigratorMigrationInitializer.class);
                    assertThat(tables()).doesNotContain("own_table");
                });
    }

    @Test
    void baselineVersion_usedSchemaWithEmptyHistory_isBaselinedThenMigrated() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE legacy (id INT PRIMARY KEY)");
        }
        runner().withPropertyValues("migrator.locations=classpath:db/boot/baseline", "migrator.baseline-version=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MigrationManager.class).status().scripts())
                            .extracting(ScriptStatus::name, ScriptStatus::state)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("create_legacy", ScriptState.BASELINE),
                                    org.assertj.core.groups.Tuple.tuple("create_fresh", ScriptState.APPLIED));
                });
    }

    @Test
    void baselineVersion_emptySchema_runsEveryScript() {
        runner().withPropertyValues("migrator.locations=classpath:db/boot/baseline", "migrator.baseline-version=1")
                .run(context -> {
                    assertThat(context.getBean(MigrationManager.class).status().inState(ScriptState.APPLIED))
                            .extracting(ScriptStatus::name).containsExactly("create_legacy", "create_fresh");
                });
    }

    @Test
    void url_migratesThroughItsOwnConnection() {
        runner().withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
                        "migrator.url=" + database.url(), "migrator.user=" + database.user(),
                        "migrator.password=" + database.password())
                .run(context -> assertThat(tables()).contains("things"));
    }

    @Test
    void failingScript_failsTheStartUp() {
        runner().withUserConfiguration(FailingScriptConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("no_such_table");
        });
    }

    @Test
    void actuator_exposedEndpointAndHealthIndicator() {
        runner().withConfiguration(AutoConfigurations.of(MigratorEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=migrator")
                .run(context -> {
                    assertThat(context).hasSingleBean(MigratorEndpoint.class);
                    assertThat(context).hasSingleBean(MigratorHealthIndicator.class);
                    assertThat(context.getBean(MigratorEndpoint.class).scripts().targets())
                            .containsOnlyKeys("default/public");
                });
    }

    @Test
    void actuator_endpointNotExposed_healthIndicatorOnly() {
        runner().withConfiguration(AutoConfigurations.of(MigratorEndpointAutoConfiguration.class)).run(context -> {
            assertThat(context).doesNotHaveBean(MigratorEndpoint.class);
            assertThat(context).hasSingleBean(MigratorHealthIndicator.class);
        });
    }

    @Test
    void actuatorAbsent_noEndpoint() {
        runner().withConfiguration(AutoConfigurations.of(MigratorEndpointAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MigrationManager.class);
                    assertThat(context).doesNotHaveBean(MigratorEndpoint.class);
                    assertThat(context).doesNotHaveBean(MigratorHealthIndicator.class);
                });
    }

    @Test
    void dataSourceAndMongoClient_theDataSourceIsMigrated() {
        runner().withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MigratorMongoAutoConfiguration.class))
                .withPropertyValues("spring.data.mongodb.uri=mongodb://127.0.0.1:1/unused")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MigrationManager.class);
                    assertThat(tables()).contains("things");
                });
    }

    @Test
    void propertiesToString_masksThePassword() {
        MigratorProperties properties = new MigratorProperties();
        properties.setUrl("jdbc:postgresql://app:secret@db/app");
        properties.setPassword("hunter2");
        assertThat(properties.toString()).doesNotContain("secret").doesNotContain("hunter2").contains("****");
    }

    private List<String> tables() throws SQLException {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {
        // tag::customizer[]
        @Bean
        MigrationManagerCustomizer addScript() {
            return builder -> builder.script(Script.of("2", "from_customizer", "CREATE TABLE from_customizer (id INT)", null));
        }
        // end::customizer[]
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnManagerConfiguration {
        // tag::own-manager[]
        @Bean(destroyMethod = "close")
        MigrationManager ownManager(javax.sql.DataSource dataSource) {
            return MigrationManager.builder()
                    .connection("own", dataSource)
                    .script(Script.of("1", "own_table", "CREATE TABLE own_table (id INT)", null))
                    .build();
        }
        // end::own-manager[]
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingScriptConfiguration {
        @Bean
        MigrationManagerCustomizer failingScript() {
            return builder -> builder.script(Script.of("2", "breaks", "INSERT INTO no_such_table VALUES (1)", null));
        }
    }

}
