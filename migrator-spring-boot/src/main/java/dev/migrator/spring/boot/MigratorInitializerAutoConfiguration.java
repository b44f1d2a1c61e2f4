package dev.migrator.spring.boot;

import dev.migrator.api.MigrationManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Migrates whichever {@link MigrationManager} the context has (built by {@link MigratorAutoConfiguration} or the
 * application's own) at start-up, through {@link MigratorMigrationInitializer}, and makes the data layer depend on it.
 * A separate auto-configuration, ordered after those that define the manager, so that its bean condition sees it; with
 * several MigrationManager beans and none primary, nothing is migrated at start-up.
 */
@AutoConfiguration(afterName = {"dev.migrator.spring.boot.MigratorAutoConfiguration",
        "dev.migrator.spring.boot.MigratorMongoAutoConfiguration"})
@ConditionalOnClass(MigrationManager.class)
@ConditionalOnProperty(prefix = "migrator", name = "enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(MigrationManager.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class MigratorInitializerAutoConfiguration {

    /** The initialiser's bean name, which the data layer's beans are made to depend on. */
    public static final String INITIALIZER_BEAN = "migratorInitializer";

    @Bean(INITIALIZER_BEAN)
    @ConditionalOnMissingBean
    MigratorMigrationInitializer migratorInitializer(MigrationManager manager, MigratorProperties properties,
            ObjectProvider<SchemaProbe> probe) {
        return new MigratorMigrationInitializer(manager, properties.getBaselineVersion(),
                probe.getIfAvailable(), properties.getHistoryTable());
    }

    // Boot 3.5 orders Flyway before the data layer through DatabaseInitializerDetector (our
    // MigratorDatabaseInitializerDetector, META-INF/spring.factories) and the DependsOnDatabaseInitialization
    // detectors of JPA, JDBC and jOOQ. These post-processors add the same depends-on directly, as Boot's
    // EntityManagerFactoryDependsOnPostProcessor does; Boot 3.5 no longer has its JdbcOperations,
    // NamedParameterJdbcOperations and DSLContext ones, so those three are written here on its abstract base.

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean")
    static class JpaDependsOn extends EntityManagerFactoryDependsOnPostProcessor {
        JpaDependsOn() {
            super(INITIALIZER_BEAN);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = JdbcOperationsDependsOn.TYPE)
    static class JdbcOperationsDependsOn extends AbstractDependsOnBeanFactoryPostProcessor {
        static final String TYPE = "org.springframework.jdbc.core.JdbcOperations";

        JdbcOperationsDependsOn() {
            super(ClassUtils.resolveClassName(TYPE, JdbcOperationsDependsOn.class.getClassLoader()), INITIALIZER_BEAN);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = NamedParameterJdbcOperationsDependsOn.TYPE)
    static class NamedParameterJdbcOperationsDependsOn extends AbstractDependsOnBeanFactoryPostProcessor {
        static final String TYPE = "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations";

        NamedParameterJdbcOperationsDependsOn() {
            super(ClassUtils.resolveClassName(TYPE, NamedParameterJdbcOperationsDependsOn.class.getClassLoader()),
                    INITIALIZER_BEAN);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = DslContextDependsOn.TYPE)
    static class DslContextDependsOn extends AbstractDependsOnBeanFactoryPostProcessor {
        static final String TYPE = "org.jooq.DSLContext";

        DslContextDependsOn() {
            super(ClassUtils.resolveClassName(TYPE, DslContextDependsOn.class.getClassLoader()), INITIALIZER_BEAN);
        }
    }
}
