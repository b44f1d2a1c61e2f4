package dev.migrator.spring.boot.actuate;

import dev.migrator.api.MigrationManager;
import dev.migrator.spring.boot.MigratorAutoConfiguration;
import dev.migrator.spring.boot.MigratorInitializerAutoConfiguration;
import dev.migrator.spring.boot.MigratorMongoAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator present: the {@code migrator} endpoint (exposed like any other, e.g.
 * {@code management.endpoints.web.exposure.include=health,migrator}) and the {@code migrator} health indicator
 * ({@code management.health.migrator.enabled}).
 */
@AutoConfiguration(after = {MigratorAutoConfiguration.class, MigratorMongoAutoConfiguration.class,
        MigratorInitializerAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnSingleCandidate(MigrationManager.class)
public class MigratorEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = MigratorEndpoint.class)
    MigratorEndpoint migratorEndpoint(MigrationManager manager) {
        return new MigratorEndpoint(manager);
    }

    @Bean
    @ConditionalOnMissingBean(name = "migratorHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("migrator")
    MigratorHealthIndicator migratorHealthIndicator(MigrationManager manager) {
        return new MigratorHealthIndicator(manager);
    }
}
