package dev.migrator.spi.engine;

import dev.migrator.api.Callback;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.Identifier;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.RepeatableScript;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a builder collected, validated and copied. Handed to the {@link EngineProvider}.
 *
 * @param connections the connections, in declaration order (the first is the default)
 * @param locations script locations with the target they apply to
 * @param scripts scripts registered in code
 * @param historyTable the history table (collection) name
 * @param listeners run listeners
 * @param lockTimeout how long to wait for a target's lock
 * @param placeholders user placeholders
 * @param environments environment ids expanding {@code {environment}} schema patterns
 * @param targets extra targets to migrate
 * @param createSchemas whether missing schemas are created
 * @param outOfOrder whether older pending scripts may run
 * @param validateOnMigrate whether migrate validates first
 * @param installedBy the "installed by" value, or {@code null} for the database user
 * @param configFile a configuration file to read, or {@code null}
 * @param classLoader the class loader for services and classpath scripts
 * @param backupDirectory the directory of the file-system backup store, or {@code null} for {@code ./backups}
 * @param repeatables repeatable scripts registered in code
 * @param callbacks callbacks registered in code, in registration order
 */
public record MigrationSettings(
        List<ConnectionConfig> connections,
        List<Location> locations,
        List<Script> scripts,
        String historyTable,
        List<MigrationListener> listeners,
        Duration lockTimeout,
        Map<String, String> placeholders,
        List<String> environments,
        List<Target> targets,
        boolean createSchemas,
        boolean outOfOrder,
        boolean validateOnMigrate,
        String installedBy,
        Path configFile,
        ClassLoader classLoader,
        Path backupDirectory,
        List<RepeatableScript> repeatables,
        List<Callback> callbacks) {

    /** Default history table name. */
    public static final String DEFAULT_HISTORY_TABLE = "migrator_history";

    /** Default lock timeout. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);

    /** Validates and copies. */
    public MigrationSettings {
        connections = List.copyOf(connections);
        locations = List.copyOf(locations);
        scripts = List.copyOf(scripts);
        listeners = List.copyOf(listeners);
        placeholders = Map.copyOf(placeholders);
        environments = List.copyOf(environments);
        targets = List.copyOf(targets);
        repeatables = List.copyOf(repeatables);
        callbacks = List.copyOf(callbacks);
        if (!Identifier.isPlain(historyTable)) {
            throw new ConfigurationException("historyTable is '" + historyTable
                    + "'; allowed: a letter or '_' then up to 62 letters, digits or '_', e.g. migrator_history.");
        }
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationException("lockTimeout is " + lockTimeout + "; allowed: PT0S (do not wait) to P1D.");
        }
        for (String env : environments) {
            if (!Identifier.isEnvironment(env)) {
                throw new ConfigurationException("Environment id '" + env
                        + "' is invalid: use 1 to 40 letters, digits or '_', e.g. dev or staging_2.");
            }
        }
    }

    /** Settings without repeatable scripts or callbacks. */
    public MigrationSettings(List<ConnectionConfig> connections, List<Location> locations, List<Script> scripts,
            String historyTable, List<MigrationListener> listeners, Duration lockTimeout, Map<String, String> placeholders,
            List<String> environments, List<Target> targets, boolean createSchemas, boolean outOfOrder,
            boolean validateOnMigrate, String installedBy, Path configFile, ClassLoader classLoader, Path backupDirectory) {
        this(connections, locations, scripts, historyTable, listeners, lockTimeout, placeholders, environments, targets,
                createSchemas, outOfOrder, validateOnMigrate, installedBy, configFile, classLoader, backupDirectory, List.of(),
                List.of());
    }

    /** The configuration file, when one was given. */
    public Optional<Path> configFilePath() {
        return Optional.ofNullable(configFile);
    }

    /**
     * A script location and the target it applies to.
     *
     * @param target the target (schema may be a pattern), or {@code null} for the default connection and schema
     * @param location {@code classpath:path}, {@code filesystem:path} or a bare file-system path
     */
    public record Location(Target target, String location) {}
}
