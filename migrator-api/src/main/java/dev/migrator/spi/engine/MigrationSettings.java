package dev.migrator.spi.engine;

import dev.migrator.api.Callback;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.Identifier;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintThreshold;
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
 * @param lint the migration linter's settings
 * @param statementLockTimeout how long each statement of a SQL script waits for a lock; {@link Duration#ZERO} leaves the
 *     session's own setting
 * @param lockRetryAttempts how many times a statement that timed out waiting for a lock runs in all (1: no retry)
 * @param lockRetryMaxBackoff the longest pause between two attempts
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
        Lint lint,
        Duration statementLockTimeout,
        int lockRetryAttempts,
        Duration lockRetryMaxBackoff,
        List<RepeatableScript> repeatables,
        List<Callback> callbacks) {

    /** Default history table name. */
    public static final String DEFAULT_HISTORY_TABLE = "migrator_history";

    /** Default lock timeout. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);

    /** Default statement lock timeout. */
    public static final Duration DEFAULT_STATEMENT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    /** Default number of attempts of a statement that times out waiting for a lock. */
    public static final int DEFAULT_LOCK_RETRY_ATTEMPTS = 5;

    /** Default longest pause between two attempts. */
    public static final Duration DEFAULT_LOCK_RETRY_MAX_BACKOFF = Duration.ofSeconds(10);

    /** The most attempts {@code lockRetries} allows. */
    public static final int MAX_LOCK_RETRY_ATTEMPTS = 100;

    /**
     * Validates and copies.
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
     * @param lint the migration linter's settings
     * @param statementLockTimeout how long each statement of a SQL script waits for a lock; {@link Duration#ZERO}
     *     leaves the session's own setting
     * @param lockRetryAttempts how many times a statement that timed out waiting for a lock runs in all (1: no retry)
     * @param lockRetryMaxBackoff the longest pause between two attempts
     * @param repeatables repeatable scripts registered in code
     * @param callbacks callbacks registered in code, in registration order
     */
    public MigrationSettings {
        connections = List.copyOf(connections);
        locations = List.copyOf(locations);
        scripts = List.copyOf(scripts);
        listeners = List.copyOf(listeners);
        placeholders = Map.copyOf(placeholders);
        environments = List.copyOf(environments);
        targets = List.copyOf(targets);
        java.util.Objects.requireNonNull(lint, "lint");
        repeatables = List.copyOf(repeatables);
        callbacks = List.copyOf(callbacks);
        if (!Identifier.isPlain(historyTable)) {
            throw new ConfigurationException("historyTable is '" + historyTable
                    + "'; allowed: a letter or '_' then up to 62 letters, digits or '_', e.g. migrator_history.");
        }
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationException("lockTimeout is " + lockTimeout + "; allowed: PT0S (do not wait) to P1D.");
        }
        if (statementLockTimeout == null || statementLockTimeout.isNegative()
                || (!statementLockTimeout.isZero() && statementLockTimeout.compareTo(Duration.ofMillis(1)) < 0)
                || statementLockTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException("statementLockTimeout is " + statementLockTimeout
                    + "; allowed: PT0S (off: the session's own setting applies) or PT0.001S to PT1H.");
        }
        if (lockRetryAttempts < 1 || lockRetryAttempts > MAX_LOCK_RETRY_ATTEMPTS) {
            throw new ConfigurationException("lockRetries attempts is " + lockRetryAttempts + "; allowed: 1 (no retry) to "
                    + MAX_LOCK_RETRY_ATTEMPTS + ".");
        }
        if (lockRetryMaxBackoff == null || lockRetryMaxBackoff.isNegative()
                || lockRetryMaxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException("lockRetries maxBackoff is " + lockRetryMaxBackoff + "; allowed: PT0S to PT10M.");
        }
        for (String env : environments) {
            if (!Identifier.isEnvironment(env)) {
                throw new ConfigurationException("Environment id '" + env
                        + "' is invalid: use 1 to 40 letters, digits or '_', e.g. dev or staging_2.");
            }
        }
    }

    /**
     * The settings without the linter's, lock retries', repeatable scripts or callbacks (the defaults apply: no lint
     * before migrate).
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
     */
    public MigrationSettings(
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
            Path backupDirectory) {
        this(connections, locations, scripts, historyTable, listeners, lockTimeout, placeholders, environments, targets,
                createSchemas, outOfOrder, validateOnMigrate, installedBy, configFile, classLoader, backupDirectory,
                new Lint(LintMode.OFF, LintThreshold.DEFAULT), DEFAULT_STATEMENT_LOCK_TIMEOUT, DEFAULT_LOCK_RETRY_ATTEMPTS, DEFAULT_LOCK_RETRY_MAX_BACKOFF, List.of(), List.of());
    }

    /** {@return the configuration file, when one was given} */
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

    /**
     * The migration linter's settings.
     *
     * @param beforeMigrate whether migrate lints first, and what it does with errors
     * @param threshold when a table is big
     */
    public record Lint(LintMode beforeMigrate, LintThreshold threshold) {
        /**
         * Checks that nothing is null.
         *
         * @param beforeMigrate whether migrate lints first, and what it does with errors
         * @param threshold when a table is big
         */
        public Lint {
            java.util.Objects.requireNonNull(beforeMigrate, "beforeMigrate");
            java.util.Objects.requireNonNull(threshold, "threshold");
        }
    }
}
