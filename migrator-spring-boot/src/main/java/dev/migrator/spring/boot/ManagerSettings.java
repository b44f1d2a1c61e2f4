package dev.migrator.spring.boot;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Target;
import org.springframework.beans.factory.ObjectProvider;

/** Puts {@code migrator.*} onto a builder that already has its connection, then the customizers, then builds. */
final class ManagerSettings {

    private ManagerSettings() {}

    static MigrationManager apply(MigratorProperties properties, MigrationManager.Builder builder,
            ObjectProvider<MigrationManagerCustomizer> customizers) {
        String[] locations = properties.getLocations().toArray(String[]::new);
        if (properties.getSchemas().isEmpty()) {
            builder.locations(locations);
        } else {
            // Each schema gets the scripts, its own history table and its own lock, as Target.of(...) does in code.
            for (String schema : properties.getSchemas()) {
                builder.locations(Target.of(properties.getConnectionName(), schema), locations);
            }
        }
        builder.environments(properties.getEnvironments().toArray(String[]::new))
                .createSchemas(properties.isCreateSchemas())
                .historyTable(properties.getHistoryTable())
                .lockTimeout(properties.getLockTimeout())
                .statementLockTimeout(properties.getStatementLockTimeout())
                .lockRetries(properties.getLockRetryAttempts(), properties.getLockRetryMaxBackoff())
                .lintBeforeMigrate(properties.getLintBeforeMigrate())
                .lintThreshold(properties.getLintThreshold().toThreshold())
                .validateOnMigrate(properties.isValidateOnMigrate())
                .outOfOrder(properties.isOutOfOrder());
        properties.getPlaceholders().forEach(builder::placeholder);
        if (properties.getInstalledBy() != null) {
            builder.installedBy(properties.getInstalledBy());
        }
        // The application's class loader, so that classpath: locations and backends are found as the application sees them.
        builder.classLoader(MigratorProperties.class.getClassLoader());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
