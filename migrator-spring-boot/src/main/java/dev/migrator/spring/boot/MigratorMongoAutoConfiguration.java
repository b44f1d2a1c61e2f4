package dev.migrator.spring.boot;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import dev.migrator.api.MigrationManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link MigrationManager} on the application's MongoDB, when it has a {@code MongoClient} bean and
 * {@code migrator-mongo} is present. The library takes a URI, never a client: it builds its own
 * {@code MongoClient} from {@code migrator.url}, else from Boot's {@link MongoConnectionDetails}
 * ({@code spring.data.mongodb.*}), and closes it; the application's client bean is left alone. With a DataSource
 * too, or a {@code migrator.url}, {@link MigratorAutoConfiguration} (which runs first) builds the manager instead.
 */
@AutoConfiguration(after = MigratorAutoConfiguration.class, before = MigratorInitializerAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration")
@ConditionalOnClass(name = {"com.mongodb.client.MongoClient", "dev.migrator.mongo.MongoBackendProvider"})
@ConditionalOnProperty(prefix = "migrator", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(type = "com.mongodb.client.MongoClient")
@ConditionalOnMissingBean(MigrationManager.class)
@EnableConfigurationProperties(MigratorProperties.class)
public class MigratorMongoAutoConfiguration {

    @Bean(destroyMethod = "close")
    MigrationManager migrationManager(MigratorProperties properties, ObjectProvider<MongoConnectionDetails> details,
            ObjectProvider<MigrationManagerCustomizer> customizers) {
        String uri = properties.getUrl();
        if (uri == null || uri.isBlank()) {
            MongoConnectionDetails connection = details.getIfAvailable();
            if (connection == null) {
                throw new IllegalStateException("migrator found a MongoClient bean but no MongoConnectionDetails"
                        + " to take its URI from: set migrator.url=mongodb://host:27017/database.");
            }
            ConnectionString string = connection.getConnectionString();
            uri = string.getConnectionString();
        }
        MigrationManager.Builder builder = MigrationManager.builder()
                .connection(properties.getConnectionName(), uri, null, null);
        return ManagerSettings.apply(properties, builder, customizers);
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaProbe migratorSchemaProbe(MongoClient client, ObjectProvider<MongoConnectionDetails> details,
            MigratorProperties properties) {
        return new MongoSchemaProbe(client, properties, details);
    }
}
