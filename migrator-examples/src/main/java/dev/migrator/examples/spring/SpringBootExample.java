package dev.migrator.examples.spring;

import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring Boot application that uses {@code dev.migrator:migrator-spring-boot}: on start-up the auto-configuration
 * migrates the application's {@code DataSource} with the scripts in {@code classpath:db/spring} before
 * {@link JdbcTemplate} is created, so the runner below reads a table only a migration creates.
 *
 * <p>Run it against your PostgreSQL (or MariaDB): {@code SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/app
 * SPRING_DATASOURCE_USERNAME=app SPRING_DATASOURCE_PASSWORD=... mvn -q -B -pl migrator-examples exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.migrator.examples.spring.SpringBootExample} (Spring is a
 * {@code provided} dependency of this module, kept out of the command-line tool's jar). It leaves its table {@code greetings} and the
 * history table {@code migrator_history} in place.
 */
// tag::application[]
@SpringBootApplication
public class SpringBootExample {

    /** Starts the application; it prints the greetings and exits. */
    public static void main(String[] args) {
        application().run(args).close();
    }

    /** The application with the example's settings; a property given on the command line or in the environment wins. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(SpringBootExample.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                "migrator.locations", "classpath:db/spring",
                "migrator.placeholders.greeting", "Hello from a migration",
                // The examples module also holds Flyway for its benchmark: keep Boot's Flyway auto-configuration out.
                "spring.flyway.enabled", "false"));
        return application;
    }

    /** Reads what the migration wrote: it ran before this bean's JdbcTemplate existed. */
    @Bean
    ApplicationRunner printGreetings(JdbcTemplate jdbc) {
        return args -> greetings(jdbc).forEach(System.out::println);
    }

    /** Every greeting, in id order. */
    public static List<String> greetings(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT text FROM greetings ORDER BY id", String.class);
    }
}
// end::application[]
