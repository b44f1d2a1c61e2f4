package dev.migrator.examples.bench;

import dev.migrator.spring.boot.MigratorAutoConfiguration;
import dev.migrator.spring.boot.MigratorInitializerAutoConfiguration;
import java.util.Arrays;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application {@link SpringStartBenchmark} starts in a fresh JVM: a {@code DataSource} (Boot's, HikariCP), a
 * {@code JdbcTemplate}, no web server, and one of two migration integrations chosen by the first argument:
 *
 * <ul>
 *   <li>{@code migrator}: migrator-spring-boot's auto-configuration ({@code migrator.locations});
 *   <li>{@code flyway}: a {@link Flyway} bean on the {@code DataSource} and Boot's own {@link FlywayMigrationInitializer},
 *       which is what Boot's {@code FlywayAutoConfiguration} registers. That auto-configuration itself cannot run with
 *       Flyway 13: Boot 3.5.7 calls {@code FluentConfiguration.cleanOnValidationError}, which Flyway removed (Boot 3.5
 *       manages Flyway 11.7.2, which is not available here). Boot still orders the data layer after the initializer
 *       (its {@code FlywayMigrationInitializerDatabaseInitializerDetector}).
 * </ul>
 *
 * <p>The remaining arguments are Boot's ({@code --spring.datasource.url=...}, {@code --bench.locations=filesystem:...}).
 * The auto-configurations are imported one by one rather than through {@code @EnableAutoConfiguration}: the examples'
 * class path also holds JPA, Tomcat and the MongoDB driver, which would start with either tool and hide the difference.
 * It starts, closes its context and exits.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(
        classes = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, MigratorAutoConfiguration.class,
                MigratorInitializerAutoConfiguration.class, SpringStartApp.FlywayConfiguration.class})
public class SpringStartApp {

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("migrator") || args[0].equals("flyway"))) {
            throw new IllegalArgumentException("The first argument is the tool: migrator or flyway; then Boot's"
                    + " --spring.datasource.url=... --bench.locations=filesystem:/scripts");
        }
        SpringApplication application = new SpringApplication(SpringStartApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                "bench.tool", args[0],
                "migrator.enabled", String.valueOf(args[0].equals("migrator")),
                "migrator.locations", "${bench.locations}"));
        application.run(Arrays.copyOfRange(args, 1, args.length)).close();
    }

    /** Flyway as Boot's auto-configuration would set it up, on the application's {@code DataSource}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "bench.tool", havingValue = "flyway")
    static class FlywayConfiguration {

        @Bean
        Flyway flyway(DataSource dataSource, @Value("${bench.locations}") String locations) {
            return Flyway.configure().dataSource(dataSource).locations(locations).load();
        }

        @Bean
        FlywayMigrationInitializer flywayInitializer(Flyway flyway) {
            return new FlywayMigrationInitializer(flyway);
        }
    }
}
