package dev.migrator.spring.boot;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Builds a {@link MigrationManager} from {@code migrator.*} on the application's {@link DataSource} (or
 * {@code migrator.url}; without either, {@link MigratorMongoAutoConfiguration} may build one on MongoDB), and
 * {@link MigratorInitializerAutoConfiguration} migrates it at start-up. Backs off when the application defines its own
 * {@code MigrationManager} and when {@code migrator.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"})
@ConditionalOnClass(MigrationManager.class)
@ConditionalOnProperty(prefix = "migrator", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigratorProperties.class)
public class MigratorAutoConfiguration {

    /** A manager over the application's DataSource, or over {@code migrator.url} when set. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(JdbcManagerConfiguration.OnJdbc.class)
    @ConditionalOnMissingBean(MigrationManager.class)
    static class JdbcManagerConfiguration {

        @Bean(destroyMethod = "close")
        MigrationManager migrationManager(MigratorProperties properties, ObjectProvider<DataSource> dataSource,
                ObjectProvider<MigrationManagerCustomizer> customizers) {
            MigrationManager.Builder builder = MigrationManager.builder();
            String name = properties.getConnectionName();
            if (hasUrl(properties)) {
                builder.connection(ConnectionConfig.of(name, properties.getUrl(), properties.getUser(), properties.getPassword()));
            } else {
                DataSource unique = dataSource.getIfUnique();
                if (unique == null) {
                    throw new IllegalStateException("migrator found several DataSource beans and none is @Primary:"
                            + " mark the one to migrate @Primary, set migrator.url, or define a MigrationManager bean.");
                }
                builder.connection(name, unique);
            }
            return ManagerSettings.apply(properties, builder, customizers);
        }

        @Bean
        @ConditionalOnMissingBean
        SchemaProbe migratorSchemaProbe(MigratorProperties properties, ObjectProvider<DataSource> dataSource) {
            if (hasUrl(properties)) {
                if (!properties.getUrl().startsWith("jdbc:")) {
                    return (target, table) -> {
                        throw new IllegalStateException("migrator.baseline-version needs to look into " + target
                                + ", which is only done over JDBC or the application's MongoClient; "
                                + ConnectionConfig.mask(properties.getUrl()) + " is neither.");
                    };
                }
                return new JdbcSchemaProbe(() -> DriverManager.getConnection(properties.getUrl(), properties.getUser(),
                        properties.getPassword()));
            }
            return new JdbcSchemaProbe(() -> dataSource.getObject().getConnection());
        }

        private static boolean hasUrl(MigratorProperties properties) {
            return properties.getUrl() != null && !properties.getUrl().isBlank();
        }

        /** A DataSource bean, or a JDBC {@code migrator.url}. */
        static final class OnJdbc extends AnyNestedCondition {
            OnJdbc() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnBean(DataSource.class)
            static final class DataSourceBean {}

            @ConditionalOnProperty(prefix = "migrator", name = "url")
            static final class UrlProperty {}
        }
    }
}
