package dev.migrator.spring.boot;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Boot that {@link MigratorMigrationInitializer} beans initialise the database, so that every bean Boot finds
 * depending on database initialisation (JPA, {@code JdbcTemplate}, jOOQ, R2DBC, {@code @DependsOnDatabaseInitialization}
 * beans) starts after them: the mechanism Boot uses for Flyway and Liquibase. Registered in
 * {@code META-INF/spring.factories}.
 */
public class MigratorDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MigratorMigrationInitializer.class);
    }
}
