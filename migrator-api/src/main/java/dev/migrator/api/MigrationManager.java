// One concept past 400 lines: the entry point (the manager, its facets, its builder), with the pre-facet methods kept
// as deprecated delegates for one release.
package dev.migrator.api;

import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Applies versioned scripts to one or more targets, records them in a history table per target, and takes a lock
 * per target so that many application instances may call {@link #migrate()} at once: each script runs exactly once.
 *
 * <pre>{@code
 * try (MigrationManager manager = MigrationManager.builder()
 *         .connection("core", "jdbc:postgresql://localhost:5432/app", user, password)
 *         .locations("classpath:db/migration")
 *         .build()) {
 *     MigrateResult result = manager.migrate();
 * }
 * }</pre>
 *
 * <p>Operations are grouped by capability: {@link #schema()} (migrate, rollback, status, repair, baseline...),
 * {@link #backupOperations()} (backup, restore, verify) and {@link #data()} (data migrations, project copies). The
 * start-up path ({@code migrate}, {@code rollback}, {@code status}) is also on the manager itself.
 *
 * <p>A manager is immutable and safe to share between threads. It owns the pools and clients it built from URLs and
 * closes them in {@link #close()}; data sources passed in are borrowed and left open.
 */
public interface MigrationManager extends AutoCloseable {

    /** Starts a manager. The engine ({@code migrator-core}) is found on the class path when {@code build()} runs. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The schema migrations: migrate, dry run, rollback, status, validate, repair, baseline, lock removal and new
     * scripts. The start-up path ({@code migrate}, {@code rollback}, {@code status}) is also here on the manager.
     */
    SchemaMigrations schema();

    /** Taking, restoring and verifying backups; the backups themselves are in {@link #backups()}. */
    BackupOperations backupOperations();

    /** Data migrations and project copies. */
    DataMigrations data();

    // The start-up path stays on the manager itself: these delegate to schema() and are not deprecated. lint() belongs
    // to it: it is what lintBeforeMigrate runs before migrate.

    /**
     * Applies every pending script to every configured target, in version order.
     *
     * @throws ValidationException when an applied script was edited, or history holds scripts not found locally
     * @throws ScriptFailedException when a statement fails; names the script, statement, line and what to do
     * @throws FailedMigrationPendingException when an earlier run left a failed script (MySQL/MariaDB)
     * @throws LockTimeoutException when another run holds the lock longer than the lock timeout
     * @throws ConnectionFailedException when a database cannot be reached within the connect timeout
     * @see SchemaMigrations#migrate()
     */
    default MigrateResult migrate() {
        return schema().migrate();
    }

    /**
     * Migrates with options: chosen targets (schemas created when missing), an upper version, resume of a failed
     * script, one transaction for all scripts. Throws as {@link #migrate()}.
     */
    default MigrateResult migrate(MigrateOptions options) {
        return schema().migrate(options);
    }

    /** Migrates one target, creating its schema when missing. Throws as {@link #migrate()}. */
    default MigrateResult migrate(Target target) {
        return schema().migrate(target);
    }

    /** Applies pending scripts up to and including {@code version}. Throws as {@link #migrate()}. */
    default MigrateResult migrateTo(String version) {
        return schema().migrateTo(version);
    }

    /**
     * Undoes the newest {@code steps} applied scripts of every configured target with their down scripts, newest first.
     *
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @see SchemaMigrations#rollback(int)
     */
    default RollbackResult rollback(int steps) {
        return schema().rollback(steps);
    }

    /** Undoes the newest {@code steps} applied scripts of one target. Throws as {@link #rollback(int)}. */
    default RollbackResult rollback(Target target, int steps) {
        return schema().rollback(target, steps);
    }

    /**
     * Undoes every script newer than {@code version} on every configured target; {@code version} stays applied.
     *
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @see SchemaMigrations#rollbackTo(String)
     */
    default RollbackResult rollbackTo(String version) {
        return schema().rollbackTo(version);
    }

    /** Undoes every script newer than {@code version} on one target. */
    default RollbackResult rollbackTo(Target target, String version) {
        return schema().rollbackTo(target, version);
    }

    /** Every script of every configured target with its state. Creates nothing. */
    default StatusReport status() {
        return schema().status();
    }

    /** Every script of one target with its state. Creates nothing. */
    default StatusReport status(Target target) {
        return schema().status(target);
    }

    /**
     * Lints the pending scripts of every configured target against the live database. Changes nothing.
     *
     * @see SchemaMigrations#lint()
     */
    default LintReport lint() {
        return schema().lint();
    }

    /**
     * Lints the pending scripts of one target against the live database. Changes nothing.
     *
     * @see SchemaMigrations#lint(Target)
     */
    default LintReport lint(Target target) {
        return schema().lint(target, LintScope.PENDING);
    }

    /** The backup store ({@link Builder#backupDirectory(Path)}). */
    BackupStore backups();

    // Before the facets: each delegates to its facet and stays for one release.

    /** @deprecated use {@code schema().migrateAll(targets, parallelism, stopOnFailure)} */
    @Deprecated(forRemoval = false)
    default MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure) {
        return schema().migrateAll(targets, parallelism, stopOnFailure);
    }

    /** @deprecated use {@code schema().dryRun(options)} */
    @Deprecated(forRemoval = false)
    default DryRunResult dryRun(MigrateOptions options) {
        return schema().dryRun(options);
    }

    /** @deprecated use {@code schema().validate()} */
    @Deprecated(forRemoval = false)
    default ValidationReport validate() {
        return schema().validate();
    }

    /** @deprecated use {@code schema().repair()} */
    @Deprecated(forRemoval = false)
    default RepairResult repair() {
        return schema().repair();
    }

    /** @deprecated use {@code schema().repair(target)} */
    @Deprecated(forRemoval = false)
    default RepairResult repair(Target target) {
        return schema().repair(target);
    }

    /** @deprecated use {@code schema().forceUnlock(target)} */
    @Deprecated(forRemoval = false)
    default boolean forceUnlock(Target target) {
        return schema().forceUnlock(target);
    }

    /** @deprecated use {@code schema().baseline(version)} */
    @Deprecated(forRemoval = false)
    default BaselineResult baseline(String version) {
        return schema().baseline(version);
    }

    /** @deprecated use {@code schema().baseline(target, version)} */
    @Deprecated(forRemoval = false)
    default BaselineResult baseline(Target target, String version) {
        return schema().baseline(target, version);
    }

    /** @deprecated use {@code schema().create(name)} */
    @Deprecated(forRemoval = false)
    default CreatedScripts create(String name) {
        return schema().create(name);
    }

    /** @deprecated use {@code backupOperations().backup(request)} */
    @Deprecated(forRemoval = false)
    default BackupManifest backup(BackupRequest request) {
        return backupOperations().backup(request);
    }

    /** @deprecated use {@code backupOperations().restore(backupId, request)} */
    @Deprecated(forRemoval = false)
    default RestoreResult restore(String backupId, RestoreRequest request) {
        return backupOperations().restore(backupId, request);
    }

    /** @deprecated use {@code backupOperations().verify(backupId)} */
    @Deprecated(forRemoval = false)
    default VerifyReport verify(String backupId) {
        return backupOperations().verify(backupId);
    }

    /** @deprecated use {@code backupOperations().verify(backupId, target)} */
    @Deprecated(forRemoval = false)
    default VerifyReport verify(String backupId, Target target) {
        return backupOperations().verify(backupId, target);
    }

    /** @deprecated use {@code data().migrate(migration, options)} */
    @Deprecated(forRemoval = false)
    default DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options) {
        return data().migrate(migration, options);
    }

    /** @deprecated use {@code data().migrate(migration)} */
    @Deprecated(forRemoval = false)
    default DataMigrationResult migrateData(DataMigration migration) {
        return data().migrate(migration);
    }

    /** @deprecated use {@code data().status(migration)} */
    @Deprecated(forRemoval = false)
    default DataMigrationStatus dataStatus(DataMigration migration) {
        return data().status(migration);
    }

    /** @deprecated use {@code data().copyProject(project)} */
    @Deprecated(forRemoval = false)
    default ProjectCopyResult copyProject(ProjectCopy project) {
        return data().copyProject(project);
    }

    /** @deprecated use {@code data().copyProjects(projects, parallelism)} */
    @Deprecated(forRemoval = false)
    default MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism) {
        return data().copyProjects(projects, parallelism);
    }

    /** The targets {@link #migrate()} works on, schemas as configured (patterns expanded per environment). */
    List<Target> targets();

    /** Closes the pools and clients this manager built; borrowed data sources stay open. */
    @Override
    void close();

    /**
     * Collects settings; {@link #build()} validates them all and finds the engine. Not thread-safe; the manager it
     * builds is.
     */
    final class Builder {
        private final Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        private final List<MigrationSettings.Location> locations = new ArrayList<>();
        private final List<Script> scripts = new ArrayList<>();
        private final List<RepeatableScript> repeatables = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private final List<MigrationListener> listeners = new ArrayList<>();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private final List<String> environments = new ArrayList<>();
        private final List<Target> targets = new ArrayList<>();
        private String historyTable = MigrationSettings.DEFAULT_HISTORY_TABLE;
        private Duration lockTimeout = MigrationSettings.DEFAULT_LOCK_TIMEOUT;
        private Duration statementLockTimeout = MigrationSettings.DEFAULT_STATEMENT_LOCK_TIMEOUT;
        private int lockRetryAttempts = MigrationSettings.DEFAULT_LOCK_RETRY_ATTEMPTS;
        private Duration lockRetryMaxBackoff = MigrationSettings.DEFAULT_LOCK_RETRY_MAX_BACKOFF;
        private boolean createSchemas = true;
        private Path backupDirectory;
        private boolean outOfOrder;
        private boolean validateOnMigrate = true;
        private String installedBy;
        private Path configFile;
        private ClassLoader classLoader;
        private boolean discoverListeners = true;
        private LintMode lintBeforeMigrate = LintMode.OFF;
        private LintThreshold lintThreshold = LintThreshold.DEFAULT;

        Builder() {}

        /** Adds a connection from a URL; the manager builds and closes its pool. */
        public Builder connection(String name, String url, String user, String password) {
            return connection(ConnectionConfig.of(name, url, user, password));
        }

        /** Adds a connection over a caller's data source, which the manager borrows and never closes. */
        public Builder connection(String name, DataSource dataSource) {
            return connection(ConnectionConfig.of(name, dataSource));
        }

        /** Adds a connection with full settings (pool bounds, timeouts, properties). */
        public Builder connection(ConnectionConfig config) {
            Objects.requireNonNull(config, "config");
            if (connections.putIfAbsent(config.name(), config) != null) {
                throw new ConfigurationException("Connection '" + config.name()
                        + "' is declared twice; give each connection its own name.");
            }
            return this;
        }

        /**
         * Adds script locations for the default connection's default schema: {@code classpath:db/migration} or
         * {@code filesystem:/path/to/scripts} (a bare path means the file system).
         */
        public Builder locations(String... locations) {
            for (String location : locations) {
                this.locations.add(new MigrationSettings.Location(null, Objects.requireNonNull(location, "location")));
            }
            return this;
        }

        /** Adds script locations for a target (its schema may be a pattern such as {@code cli_{environment}}). */
        public Builder locations(Target target, String... locations) {
            Objects.requireNonNull(target, "target");
            for (String location : locations) {
                this.locations.add(new MigrationSettings.Location(target, Objects.requireNonNull(location, "location")));
            }
            return this;
        }

        /** Registers a script in code. */
        public Builder script(Script script) {
            scripts.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /** Registers scripts in code. */
        public Builder scripts(Collection<Script> more) {
            more.forEach(this::script);
            return this;
        }

        /** Registers a repeatable script in code (files: {@code R__{name}.sql} in a location). */
        public Builder repeatable(RepeatableScript script) {
            repeatables.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /**
         * Registers code to run around migrate and rollback on each target (files: {@code beforeMigrate.sql} and the
         * other {@link CallbackEvent#fileName() names} in a location). Callbacks run in registration order, after the
         * callback files of the same event.
         */
        public Builder callback(Callback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /** Adds a target that {@link #migrate()} includes even with no script naming it. */
        public Builder target(Target target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /** Environments for which schema patterns containing {@code {environment}} are expanded. */
        public Builder environments(String... ids) {
            for (String id : ids) {
                environments.add(Objects.requireNonNull(id, "environment"));
            }
            return this;
        }

        /** The history table (collection) name; default {@code migrator_history}. */
        public Builder historyTable(String name) {
            this.historyTable = Objects.requireNonNull(name, "historyTable");
            return this;
        }

        /**
         * Adds a listener of run events. A listener that also implements {@link DataMigrationListener} receives every
         * data migration's events as well, after the migration's own listeners.
         */
        public Builder listener(MigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Whether {@link #build()} adds the listeners that {@link dev.migrator.spi.ListenerProvider} services on the
         * class path offer — with {@code dev.migrator:migrator-observability}, Micrometer metrics on {@code
         * Metrics.globalRegistry} and OpenTelemetry traces on {@code GlobalOpenTelemetry}, each only when its library is
         * there and no listener of its kind was given to {@link #listener}; default true.
         */
        public Builder discoverListeners(boolean value) {
            this.discoverListeners = value;
            return this;
        }

        /** How long to wait for another run's lock; default 5 minutes. */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = Objects.requireNonNull(timeout, "lockTimeout");
            return this;
        }

        /**
         * How long each statement of a SQL script may wait for a lock another session holds (PostgreSQL
         * {@code lock_timeout}; MySQL/MariaDB {@code lock_wait_timeout} and {@code innodb_lock_wait_timeout}, which count
         * whole seconds: a fraction is rounded up); default 5 seconds. A statement that waits longer is stopped and runs
         * again as {@link #lockRetries(int, Duration)} says, so that a migration never keeps the application's queries
         * queued behind its DDL for longer than this. The setting is applied to every statement of a SQL script, since
         * which statements take strong locks is not reliably known, and the session's own value is restored after the
         * script. Not limited (they run with the session's own setting): statements that must run outside a
         * transaction ({@code CREATE INDEX CONCURRENTLY}), Java migrations, scripts forced into a transaction on
         * MySQL/MariaDB, {@code singleTransaction} runs, down scripts, and MongoDB. {@link Duration#ZERO} turns this
         * off: the session's own setting applies.
         *
         * @throws NullPointerException when {@code timeout} is {@code null}; {@link #build()} refuses a value outside
         *     {@code PT0S} (off) or {@code PT0.001S} to {@code PT1H}
         */
        public Builder statementLockTimeout(Duration timeout) {
            this.statementLockTimeout = Objects.requireNonNull(timeout, "statementLockTimeout");
            return this;
        }

        /**
         * How a statement that timed out waiting for a lock ({@link #statementLockTimeout(Duration)}) runs again: in all
         * at most {@code attempts} times, pausing between attempts for an exponentially growing time (500 ms, 1 s, 2 s...
         * with random jitter of up to half of it) of at most {@code maxBackoff}. In a transactional script the whole
         * transaction is rolled back and the script runs again from its start; outside a transaction only the statement
         * (or the group of statements it was committed with) runs again. Each retry is a {@link
         * MigrationEvent.StatementLockRetry} event and a warning in the log, and counts in {@link
         * ExecutedScript#lockRetries()}; when the attempts are used up the script fails with {@link
         * StatementLockTimeoutException}. Default: 5 attempts, at most 10 seconds apart; {@code attempts} 1 fails at the
         * first time-out.
         *
         * @throws NullPointerException when {@code maxBackoff} is {@code null}; {@link #build()} refuses {@code attempts}
         *     outside 1 to 100 and {@code maxBackoff} outside {@code PT0S} to {@code PT10M}
         */
        public Builder lockRetries(int attempts, Duration maxBackoff) {
            lockRetries(attempts);
            this.lockRetryMaxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * As {@link #lockRetries(int, Duration)}, keeping the longest pause as it is (default 10 seconds).
         *
         * <p>{@link #build()} refuses {@code attempts} outside 1 to 100.
         */
        public Builder lockRetries(int attempts) {
            this.lockRetryAttempts = attempts;
            return this;
        }

        /**
         * Defines a placeholder of text scripts. Write a value from outside as {@code ${literal:key}} (a string literal
         * quoted and escaped for the target: SQL, or a JSON string on MongoDB) or {@code ${identifier:key}} (checked and
         * quoted as a name). A plain {@code ${key}} pastes the value as it is and is refused when the value holds a
         * statement separator or a comment opener ({@code ;}, {@code --}, {@code /*}, {@code #} on MySQL);
         * {@code ${raw:key}} pastes a trusted value unchecked. Values never count in a script's checksum.
         */
        public Builder placeholder(String key, String value) {
            placeholders.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Whether missing schemas are created on migrate; default true. */
        public Builder createSchemas(boolean value) {
            this.createSchemas = value;
            return this;
        }

        /** Whether pending scripts older than the newest applied one may run; default false. */
        public Builder outOfOrder(boolean value) {
            this.outOfOrder = value;
            return this;
        }

        /** Whether migrate validates history against local scripts first; default true. */
        public Builder validateOnMigrate(boolean value) {
            this.validateOnMigrate = value;
            return this;
        }

        /** Recorded as "installed by" in the history; default: the database user. */
        public Builder installedBy(String value) {
            this.installedBy = value;
            return this;
        }

        /**
         * Reads connections, locations, placeholders and settings from a JSON or YAML file, with
         * {@code ${ENV_VAR:default}} expanded. Settings given in code are added to the file's.
         */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "configFile");
            return this;
        }

        /** The directory of the backup store used by {@code backup}, {@code restore} and {@code verify}; default {@code ./backups}. */
        public Builder backupDirectory(Path directory) {
            this.backupDirectory = Objects.requireNonNull(directory, "backupDirectory");
            return this;
        }

        /**
         * The class loader for backends and {@code classpath:} scripts, and the first one asked for the engine (then
         * the API's own loader, then the context loader); default: the context loader.
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        /**
         * Whether {@code migrate} lints the pending scripts first ({@link SchemaMigrations#lint()}): {@link
         * LintMode#FAIL} refuses to apply anything while an {@code ERROR} finding is unsuppressed ({@link
         * LintFailedException}), {@link LintMode#WARN} logs the findings and migrates. Default {@link LintMode#OFF}:
         * an application upgrading to this version must not find its start-up failing over scripts that ran fine
         * before, and linting reads the catalog of every target at each start. Covers {@code migrate} and {@code
         * migrateTo}; {@code migrateAll} and dry runs are not linted.
         */
        public Builder lintBeforeMigrate(LintMode mode) {
            this.lintBeforeMigrate = Objects.requireNonNull(mode, "lintBeforeMigrate");
            return this;
        }

        /** When the linter calls a table big; default {@link LintThreshold#DEFAULT} (100,000 rows or 100 MiB). */
        public Builder lintThreshold(LintThreshold threshold) {
            this.lintThreshold = Objects.requireNonNull(threshold, "lintThreshold");
            return this;
        }

        /**
         * Validates the settings, finds the engine and backends, and builds the manager. Connections open lazily.
         *
         * @throws EngineNotFoundException when {@code migrator-core} is not on the class path
         * @throws BackendNotFoundException when no backend accepts a connection's URL
         * @throws ConfigurationException when a setting is invalid
         */
        public MigrationManager build() {
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = MigrationManager.class.getClassLoader();
            }
            List<MigrationListener> allListeners = new ArrayList<>(listeners);
            if (discoverListeners) {
                allListeners.addAll(Engines.listeners(classLoader, listeners));
            }
            MigrationSettings settings = new MigrationSettings(
                    List.copyOf(connections.values()),
                    locations,
                    scripts,
                    historyTable,
                    allListeners,
                    lockTimeout,
                    placeholders,
                    environments,
                    targets,
                    createSchemas,
                    outOfOrder,
                    validateOnMigrate,
                    installedBy,
                    configFile,
                    loader,
                    backupDirectory,
                    new MigrationSettings.Lint(lintBeforeMigrate, lintThreshold),
                    statementLockTimeout,
                    lockRetryAttempts,
                    lockRetryMaxBackoff,
                    repeatables,
                    callbacks);
            return Engines.engine(classLoader).create(settings);
        }
    }
}
