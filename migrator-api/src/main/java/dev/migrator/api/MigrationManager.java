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

    /**
     * Starts a manager. The engine ({@code migrator-core}) is found on the class path when {@code build()} runs.
     *
     * @return a builder with the defaults; {@link Builder#build()} makes the manager
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the schema migrations: migrate, dry run, rollback, status, validate, repair, baseline, lock removal and
     * new scripts} The start-up path ({@code migrate}, {@code rollback}, {@code status}) is also here on the manager.
     */
    SchemaMigrations schema();

    /**
     * Taking, restoring and verifying backups; the backups themselves are in {@link #backups()}.
     *
     * @return the backup operations of this manager, sharing its connections
     */
    BackupOperations backupOperations();

    /**
     * Data migrations and project copies.
     *
     * @return the data-migration operations of this manager, sharing its connections
     */
    DataMigrations data();

    // The start-up path stays on the manager itself: these delegate to schema() and are not deprecated. lint() belongs
    // to it: it is what lintBeforeMigrate runs before migrate.

    /**
     * Applies every pending script to every configured target, in version order.
     *
     * @return per target, the scripts applied (an empty list when none was pending) and how long the call took
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
     *
     * @param options the targets, upper version and run mode; {@link MigrateOptions#defaults()} is {@link #migrate()}
     * @return per target, the scripts applied and how long the call took
     */
    default MigrateResult migrate(MigrateOptions options) {
        return schema().migrate(options);
    }

    /**
     * Migrates one target, creating its schema when missing. Throws as {@link #migrate()}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return the scripts applied to the target and how long the call took
     */
    default MigrateResult migrate(Target target) {
        return schema().migrate(target);
    }

    /**
     * Applies pending scripts up to and including {@code version}. Throws as {@link #migrate()}.
     *
     * @param version the newest version to apply, e.g. {@code 1.2}; newer pending scripts stay pending
     * @return per target, the scripts applied and how long the call took
     */
    default MigrateResult migrateTo(String version) {
        return schema().migrateTo(version);
    }

    /**
     * Undoes the newest {@code steps} applied scripts of every configured target with their down scripts, newest first.
     *
     * @param steps how many applied scripts to undo per target, at least 1
     * @return the down scripts run, in the order run
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @see SchemaMigrations#rollback(int)
     */
    default RollbackResult rollback(int steps) {
        return schema().rollback(steps);
    }

    /**
     * Undoes the newest {@code steps} applied scripts of one target. Throws as {@link #rollback(int)}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param steps how many applied scripts to undo, at least 1
     * @return the down scripts run, in the order run
     */
    default RollbackResult rollback(Target target, int steps) {
        return schema().rollback(target, steps);
    }

    /**
     * Undoes every script newer than {@code version} on every configured target; {@code version} stays applied.
     *
     * @param version the version to go back to; it stays applied
     * @return the down scripts run, in the order run; empty when nothing is newer than {@code version}
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @see SchemaMigrations#rollbackTo(String)
     */
    default RollbackResult rollbackTo(String version) {
        return schema().rollbackTo(version);
    }

    /**
     * Undoes every script newer than {@code version} on one target.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param version the version to go back to; it stays applied
     * @return the down scripts run, in the order run; empty when nothing is newer than {@code version}
     */
    default RollbackResult rollbackTo(Target target, String version) {
        return schema().rollbackTo(target, version);
    }

    /** {@return every script of every configured target with its state} Creates nothing. */
    default StatusReport status() {
        return schema().status();
    }

    /**
     * {@return every script of one target with its state} Creates nothing.
     *
     * @param target the connection and schema to work on; its connection must be configured
     */
    default StatusReport status(Target target) {
        return schema().status(target);
    }

    /**
     * Lints the pending scripts of every configured target against the live database. Changes nothing.
     *
     * @return the findings of every target, those suppressed, and the rules applied
     * @see SchemaMigrations#lint()
     */
    default LintReport lint() {
        return schema().lint();
    }

    /**
     * Lints the pending scripts of one target against the live database. Changes nothing.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return the findings of the target, those suppressed, and the rules applied
     * @see SchemaMigrations#lint(Target)
     */
    default LintReport lint(Target target) {
        return schema().lint(target, LintScope.PENDING);
    }

    /** {@return the backup store ({@link Builder#backupDirectory(Path)})} */
    BackupStore backups();

    // Before the facets: each delegates to its facet and stays for one release.

    /**
     * @deprecated use {@code schema().migrateAll(targets, parallelism, stopOnFailure)}
     *
     * @param targets as for {@code schema().migrateAll(targets, parallelism, stopOnFailure)}
     * @param parallelism as for {@code schema().migrateAll(targets, parallelism, stopOnFailure)}
     * @param stopOnFailure as for {@code schema().migrateAll(targets, parallelism, stopOnFailure)}
     * @return what {@code schema().migrateAll(targets, parallelism, stopOnFailure)} returns
     */
    @Deprecated(forRemoval = false)
    default MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure) {
        return schema().migrateAll(targets, parallelism, stopOnFailure);
    }

    /**
     * @deprecated use {@code schema().dryRun(options)}
     *
     * @param options as for {@code schema().dryRun(options)}
     * @return what {@code schema().dryRun(options)} returns
     */
    @Deprecated(forRemoval = false)
    default DryRunResult dryRun(MigrateOptions options) {
        return schema().dryRun(options);
    }

    /**
     * @deprecated use {@code schema().validate()}
     *
     * @return what {@code schema().validate()} returns
     */
    @Deprecated(forRemoval = false)
    default ValidationReport validate() {
        return schema().validate();
    }

    /**
     * @deprecated use {@code schema().repair()}
     *
     * @return what {@code schema().repair()} returns
     */
    @Deprecated(forRemoval = false)
    default RepairResult repair() {
        return schema().repair();
    }

    /**
     * @deprecated use {@code schema().repair(target)}
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return what {@code schema().repair(target)} returns
     */
    @Deprecated(forRemoval = false)
    default RepairResult repair(Target target) {
        return schema().repair(target);
    }

    /**
     * @deprecated use {@code schema().forceUnlock(target)}
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return what {@code schema().forceUnlock(target)} returns
     */
    @Deprecated(forRemoval = false)
    default boolean forceUnlock(Target target) {
        return schema().forceUnlock(target);
    }

    /**
     * @deprecated use {@code schema().baseline(version)}
     *
     * @param version as for {@code schema().baseline(version)}
     * @return what {@code schema().baseline(version)} returns
     */
    @Deprecated(forRemoval = false)
    default BaselineResult baseline(String version) {
        return schema().baseline(version);
    }

    /**
     * @deprecated use {@code schema().baseline(target, version)}
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param version as for {@code schema().baseline(target, version)}
     * @return what {@code schema().baseline(target, version)} returns
     */
    @Deprecated(forRemoval = false)
    default BaselineResult baseline(Target target, String version) {
        return schema().baseline(target, version);
    }

    /**
     * @deprecated use {@code schema().create(name)}
     *
     * @param name as for {@code schema().create(name)}
     * @return what {@code schema().create(name)} returns
     */
    @Deprecated(forRemoval = false)
    default CreatedScripts create(String name) {
        return schema().create(name);
    }

    /**
     * @deprecated use {@code backupOperations().backup(request)}
     *
     * @param request as for {@code backupOperations().backup(request)}
     * @return what {@code backupOperations().backup(request)} returns
     */
    @Deprecated(forRemoval = false)
    default BackupManifest backup(BackupRequest request) {
        return backupOperations().backup(request);
    }

    /**
     * @deprecated use {@code backupOperations().restore(backupId, request)}
     *
     * @param backupId as for {@code backupOperations().restore(backupId, request)}
     * @param request as for {@code backupOperations().restore(backupId, request)}
     * @return what {@code backupOperations().restore(backupId, request)} returns
     */
    @Deprecated(forRemoval = false)
    default RestoreResult restore(String backupId, RestoreRequest request) {
        return backupOperations().restore(backupId, request);
    }

    /**
     * @deprecated use {@code backupOperations().verify(backupId)}
     *
     * @param backupId as for {@code backupOperations().verify(backupId)}
     * @return what {@code backupOperations().verify(backupId)} returns
     */
    @Deprecated(forRemoval = false)
    default VerifyReport verify(String backupId) {
        return backupOperations().verify(backupId);
    }

    /**
     * @deprecated use {@code backupOperations().verify(backupId, target)}
     *
     * @param backupId as for {@code backupOperations().verify(backupId, target)}
     * @param target the connection and schema to work on; its connection must be configured
     * @return what {@code backupOperations().verify(backupId, target)} returns
     */
    @Deprecated(forRemoval = false)
    default VerifyReport verify(String backupId, Target target) {
        return backupOperations().verify(backupId, target);
    }

    /**
     * @deprecated use {@code data().migrate(migration, options)}
     *
     * @param migration as for {@code data().migrate(migration, options)}
     * @param options as for {@code data().migrate(migration, options)}
     * @return what {@code data().migrate(migration, options)} returns
     */
    @Deprecated(forRemoval = false)
    default DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options) {
        return data().migrate(migration, options);
    }

    /**
     * @deprecated use {@code data().migrate(migration)}
     *
     * @param migration as for {@code data().migrate(migration)}
     * @return what {@code data().migrate(migration)} returns
     */
    @Deprecated(forRemoval = false)
    default DataMigrationResult migrateData(DataMigration migration) {
        return data().migrate(migration);
    }

    /**
     * @deprecated use {@code data().status(migration)}
     *
     * @param migration as for {@code data().status(migration)}
     * @return what {@code data().status(migration)} returns
     */
    @Deprecated(forRemoval = false)
    default DataMigrationStatus dataStatus(DataMigration migration) {
        return data().status(migration);
    }

    /**
     * @deprecated use {@code data().copyProject(project)}
     *
     * @param project as for {@code data().copyProject(project)}
     * @return what {@code data().copyProject(project)} returns
     */
    @Deprecated(forRemoval = false)
    default ProjectCopyResult copyProject(ProjectCopy project) {
        return data().copyProject(project);
    }

    /**
     * @deprecated use {@code data().copyProjects(projects, parallelism)}
     *
     * @param projects as for {@code data().copyProjects(projects, parallelism)}
     * @param parallelism as for {@code data().copyProjects(projects, parallelism)}
     * @return what {@code data().copyProjects(projects, parallelism)} returns
     */
    @Deprecated(forRemoval = false)
    default MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism) {
        return data().copyProjects(projects, parallelism);
    }

    /** {@return the targets {@link #migrate()} works on, schemas as configured (patterns expanded per environment)} */
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

        /**
         * Adds a connection from a URL; the manager builds and closes its pool.
         *
         * @param name the connection's name, 1 to 64 letters, digits, {@code _ - .}; targets refer to it
         * @param url the JDBC, MongoDB or etcd URL; a password in it is masked in logs and messages
         * @param user the user, or {@code null} when the URL holds it or none is needed
         * @param password the password, or {@code null}; never logged
         * @return this builder
         */
        public Builder connection(String name, String url, String user, String password) {
            return connection(ConnectionConfig.of(name, url, user, password));
        }

        /**
         * Adds a connection over a caller's data source, which the manager borrows and never closes.
         *
         * @param name the connection's name, 1 to 64 letters, digits, {@code _ - .}; targets refer to it
         * @param dataSource the caller's data source; borrowed, never closed
         * @return this builder
         */
        public Builder connection(String name, DataSource dataSource) {
            return connection(ConnectionConfig.of(name, dataSource));
        }

        /**
         * Adds a connection with full settings (pool bounds, timeouts, properties).
         *
         * @param config the connection's name, URL or data source, pool bounds, timeouts and driver properties
         * @return this builder
         */
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
         *
         * @param locations script locations, each {@code classpath:path}, {@code filesystem:path} or a bare path
         * @return this builder
         */
        public Builder locations(String... locations) {
            for (String location : locations) {
                this.locations.add(new MigrationSettings.Location(null, Objects.requireNonNull(location, "location")));
            }
            return this;
        }

        /**
         * Adds script locations for a target (its schema may be a pattern such as {@code cli_{environment}}).
         *
         * @param target the connection and schema (or schema pattern) the scripts apply to
         * @param locations script locations, each {@code classpath:path}, {@code filesystem:path} or a bare path
         * @return this builder
         */
        public Builder locations(Target target, String... locations) {
            Objects.requireNonNull(target, "target");
            for (String location : locations) {
                this.locations.add(new MigrationSettings.Location(target, Objects.requireNonNull(location, "location")));
            }
            return this;
        }

        /**
         * Registers a script in code.
         *
         * @param script the script, with its version, description and body
         * @return this builder
         */
        public Builder script(Script script) {
            scripts.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /**
         * Registers scripts in code.
         *
         * @param more the scripts, each as for {@link #script(Script)}
         * @return this builder
         */
        public Builder scripts(Collection<Script> more) {
            more.forEach(this::script);
            return this;
        }

        /**
         * Registers a repeatable script in code (files: {@code R__{name}.sql} in a location).
         *
         * @param script the repeatable script, with its name and body
         * @return this builder
         */
        public Builder repeatable(RepeatableScript script) {
            repeatables.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /**
         * Registers code to run around migrate and rollback on each target (files: {@code beforeMigrate.sql} and the
         * other {@link CallbackEvent#fileName() names} in a location). Callbacks run in registration order, after the
         * callback files of the same event.
         *
         * @param callback the code to run; it gets the event and the target's context
         * @return this builder
         */
        public Builder callback(Callback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /**
         * Adds a target that {@link #migrate()} includes even with no script naming it.
         *
         * @param target the connection and schema (or schema pattern) to include
         * @return this builder
         */
        public Builder target(Target target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /**
         * Environments for which schema patterns containing {@code {environment}} are expanded.
         *
         * @param ids environment ids, each 1 to 40 letters, digits or {@code _}, e.g. {@code staging_2}
         * @return this builder
         */
        public Builder environments(String... ids) {
            for (String id : ids) {
                environments.add(Objects.requireNonNull(id, "environment"));
            }
            return this;
        }

        /**
         * The history table (collection) name; default {@code migrator_history}.
         *
         * @param name the table or collection name, a plain identifier
         * @return this builder
         */
        public Builder historyTable(String name) {
            this.historyTable = Objects.requireNonNull(name, "historyTable");
            return this;
        }

        /**
         * Adds a listener of run events. A listener that also implements {@link DataMigrationListener} receives every
         * data migration's events as well, after the migration's own listeners.
         *
         * @param listener the listener, called for every run event
         * @return this builder
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
         *
         * @param value {@code false} to add only the listeners given to {@link #listener}
         * @return this builder
         */
        public Builder discoverListeners(boolean value) {
            this.discoverListeners = value;
            return this;
        }

        /**
         * How long to wait for another run's lock; default 5 minutes.
         *
         * @param timeout the longest wait for the lock
         * @return this builder
         */
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
         * @param timeout the longest wait of each statement for a lock; {@link Duration#ZERO} for the session's own
         *     setting
         * @return this builder
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
         * @param attempts runs of a statement in all, the first included, 1 to 100
         * @param maxBackoff the longest pause between two attempts, {@code PT0S} to {@code PT10M}
         * @return this builder
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
         *
         * @param attempts runs of a statement in all, the first included, 1 to 100
         * @return this builder
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
         *
         * @param key the placeholder's name, {@code key} in {@code ${key}}
         * @param value the text it stands for; never counted in a checksum
         * @return this builder
         */
        public Builder placeholder(String key, String value) {
            placeholders.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Whether missing schemas are created on migrate; default true.
         *
         * @param value {@code false} to fail on a missing schema instead of creating it
         * @return this builder
         */
        public Builder createSchemas(boolean value) {
            this.createSchemas = value;
            return this;
        }

        /**
         * Whether pending scripts older than the newest applied one may run; default false.
         *
         * @param value {@code true} to apply pending scripts older than the newest applied one
         * @return this builder
         */
        public Builder outOfOrder(boolean value) {
            this.outOfOrder = value;
            return this;
        }

        /**
         * Whether migrate validates history against local scripts first; default true.
         *
         * @param value {@code false} to migrate without comparing history with local scripts first
         * @return this builder
         */
        public Builder validateOnMigrate(boolean value) {
            this.validateOnMigrate = value;
            return this;
        }

        /**
         * Recorded as "installed by" in the history; default: the database user.
         *
         * @param value the name recorded in each history entry
         * @return this builder
         */
        public Builder installedBy(String value) {
            this.installedBy = value;
            return this;
        }

        /**
         * Reads connections, locations, placeholders and settings from a JSON or YAML file, with
         * {@code ${ENV_VAR:default}} expanded. Settings given in code are added to the file's.
         *
         * @param file a {@code .json} file, or a YAML file (any other name)
         * @return this builder
         */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file, "configFile");
            return this;
        }

        /**
         * The directory of the backup store used by {@code backup}, {@code restore} and {@code verify}; default {@code
         * ./backups}.
         *
         * @param directory the store's directory; created when missing
         * @return this builder
         */
        public Builder backupDirectory(Path directory) {
            this.backupDirectory = Objects.requireNonNull(directory, "backupDirectory");
            return this;
        }

        /**
         * The class loader for backends and {@code classpath:} scripts, and the first one asked for the engine (then
         * the API's own loader, then the context loader); default: the context loader.
         *
         * @param loader the class loader to search first
         * @return this builder
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
         * migrateTo}; {@code migrateAll} and dry runs are not linted. A {@link #configFile(Path) configuration file}
         * says it as {@code lintBeforeMigrate: off|warn|fail}, which applies when this is left at {@code OFF}.
         *
         * @param mode {@link LintMode#OFF}, {@link LintMode#WARN} or {@link LintMode#FAIL}
         * @return this builder
         */
        public Builder lintBeforeMigrate(LintMode mode) {
            this.lintBeforeMigrate = Objects.requireNonNull(mode, "lintBeforeMigrate");
            return this;
        }

        /**
         * When the linter calls a table big; default {@link LintThreshold#DEFAULT} (100,000 rows or 100 MiB). A
         * configuration file says it as {@code lintThreshold: { rows: 100000, bytes: 100MB }}, which applies when this
         * is left at the default.
         *
         * @param threshold the row count and size from which a table counts as big
         * @return this builder
         */
        public Builder lintThreshold(LintThreshold threshold) {
            this.lintThreshold = Objects.requireNonNull(threshold, "lintThreshold");
            return this;
        }

        /**
         * Validates the settings, finds the engine and backends, and builds the manager. Connections open lazily.
         *
         * @return the manager, which owns the pools it builds; close it when done
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
