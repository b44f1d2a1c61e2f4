package dev.migrator.api;

import dev.migrator.spi.engine.EngineProvider;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
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
 * <p>A manager is immutable and safe to share between threads. It owns the pools and clients it built from URLs and
 * closes them in {@link #close()}; data sources passed in are borrowed and left open.
 */
public interface MigrationManager extends AutoCloseable {

    /** Starts a manager. The engine ({@code migrator-core}) is found on the class path when {@code build()} runs. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Applies every pending script to every configured target, in version order.
     *
     * @throws ValidationException when an applied script was edited, or history holds scripts not found locally
     * @throws ScriptFailedException when a statement fails; names the script, statement, line and what to do
     * @throws FailedMigrationPendingException when an earlier run left a failed script (MySQL/MariaDB)
     * @throws LockTimeoutException when another run holds the lock longer than the lock timeout
     * @throws ConnectionFailedException when a database cannot be reached within the connect timeout
     */
    MigrateResult migrate();

    /**
     * Migrates with options: chosen targets (schemas created when missing), an upper version, resume of a failed
     * script, one transaction for all scripts. Throws as {@link #migrate()}.
     */
    MigrateResult migrate(MigrateOptions options);

    /** Migrates one target, creating its schema when missing. Throws as {@link #migrate()}. */
    MigrateResult migrate(Target target);

    /** Applies pending scripts up to and including {@code version}. Throws as {@link #migrate()}. */
    MigrateResult migrateTo(String version);

    /**
     * Migrates many targets with at most {@code parallelism} at once, each under its own lock. A failing target does
     * not stop the others unless {@code stopOnFailure}; every outcome is in the result.
     *
     * <p>Every target is validated before any starts, so a typo never leaves half the tenants migrated.
     *
     * @throws ConfigurationException when parallelism is outside 1..256 or a target names an unknown connection
     * @throws InvalidIdentifierException when a target's schema is not a plain identifier; no target is started
     */
    MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure);

    /**
     * Plans what {@link #migrate(MigrateOptions)} would do and changes nothing. On databases with transactional DDL
     * (PostgreSQL) the planned statements also run in a transaction that is rolled back, proving they execute.
     */
    DryRunResult dryRun(MigrateOptions options);

    /**
     * Undoes the newest {@code steps} applied scripts of every configured target with their down scripts, newest first.
     *
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     */
    RollbackResult rollback(int steps);

    /** Undoes the newest {@code steps} applied scripts of one target. Throws as {@link #rollback(int)}. */
    RollbackResult rollback(Target target, int steps);

    /**
     * Undoes every script newer than {@code version} on every configured target; {@code version} stays applied.
     *
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     */
    RollbackResult rollbackTo(String version);

    /** Undoes every script newer than {@code version} on one target. */
    RollbackResult rollbackTo(Target target, String version);

    /** Every script of every configured target with its state. Creates nothing. */
    StatusReport status();

    /** Every script of one target with its state. Creates nothing. */
    StatusReport status(Target target);

    /** Compares local scripts with every configured target's history. Creates nothing. */
    ValidationReport validate();

    /**
     * Records edited scripts' current checksums and removes failed entries, on every configured target.
     * Half-applied changes of a failed script on databases without transactional DDL must be undone by hand first.
     */
    RepairResult repair();

    /**
     * Backs up tables of one connection into the backup store, all tables consistent with each other (one snapshot).
     * The backup appears in the store only when complete.
     *
     * @throws BackupException with {@link ErrorCode#BACKUP_FAILED} when writing fails (nothing partial is left)
     * @throws ConfigurationException when a requested table does not exist
     */
    BackupManifest backup(BackupRequest request);

    /**
     * Restores a backup: checks every file against the manifest and the key before writing a row, then, per table in
     * foreign-key order, truncates and reloads (in one transaction where the database allows), moves sequences past
     * the restored keys, and compares the result with the backup.
     *
     * @throws BackupException when the backup is damaged, the key is wrong ({@link ErrorCode#BACKUP_KEY_INVALID}) or the
     *     target's tables differ from the backup's ({@link ErrorCode#RESTORE_MISMATCH}, naming the columns); nothing was
     *     changed then
     */
    RestoreResult restore(String backupId, RestoreRequest request);

    /**
     * Verifies a backup: its files against its manifest, then each table against the live tables it was taken from
     * (row counts and an order-independent content checksum).
     */
    VerifyReport verify(String backupId);

    /** As {@link #verify(String)}, comparing with the tables of another target (connection and schema). */
    VerifyReport verify(String backupId, Target target);

    /** The backup store ({@link Builder#backupDirectory(Path)}). */
    BackupStore backups();

    /**
     * Runs a data migration: checks the source and targets, then streams records source → filter → transforms →
     * validation → conflict resolution → target in batches, each batch committed with the migration's checkpoint, so a
     * run that stops resumes after the last committed record with none lost and none written twice. A resume continues
     * the same work only: when the migration's definition changed, or records already read from a source read by
     * position were edited, removed or reordered, it is refused before anything is written. Just before its own first
     * write each run backs up the targets' tables (unless {@link DataMigrationOptions#backup()} is off). Afterwards it
     * verifies what this run is responsible for: counts, checksums (copies) and foreign keys. On a failure, or past the
     * error rate, it restores the targets from this run's backup — never an earlier run's — and puts the checkpoint
     * back to where it stood when this run started.
     *
     * @throws DataMigrationException with the partial report: a missing target table or key column and malformed
     *     input before the first write ({@link ErrorCode#DATA_TARGET_INVALID}, {@link ErrorCode#DATA_SOURCE_INVALID}),
     *     a resume over a changed source or definition ({@link ErrorCode#DATA_SOURCE_CHANGED}), a rejected record
     *     without continue-on-error ({@link ErrorCode#DATA_RECORD_INVALID}, {@link ErrorCode#DATA_CONFLICT}), too many
     *     rejections ({@link ErrorCode#DATA_ERROR_RATE}), or a write failure after the retries
     *     ({@link ErrorCode#DATA_FAILED})
     */
    DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options);

    /** As {@link #migrateData(DataMigration, DataMigrationOptions)} with the defaults. */
    default DataMigrationResult migrateData(DataMigration migration) {
        return migrateData(migration, DataMigrationOptions.defaults());
    }

    /**
     * Copies a project's tables from one connection to another in foreign-key order, each with a data migration
     * ({@link RecordSource#table} to a {@link DataTarget} keyed by the table's primary key, {@link
     * ConflictStrategy#overwrite()}): migrates each target schema first (unless {@link ProjectCopy#migrateTarget()} is
     * off) so the schema migrations create the tables, checks that every source and target table exists, backs up the
     * target tables in one backup (label {@code project_<name>}), copies and verifies each table, and on a failure
     * restores the target tables from that backup before throwing.
     *
     * <p>Each table's data migration is named {@code project_<name>_<schema>_<table>}: a run that stopped (a killed
     * process) resumes each table after its last committed batch; a table whose last copy completed is copied again
     * in full; after a restore every table starts afresh.
     *
     * @throws ProjectCopyException with the partial report: {@link ErrorCode#DATA_SOURCE_INVALID} for a missing source
     *     table or one without a primary key and {@link ErrorCode#DATA_TARGET_INVALID} for a target table the schema
     *     migrations did not create (both before anything is written into the tables), or the failing table copy's
     *     code after the target tables were restored
     * @throws ConfigurationException when the project names an unknown connection, or copies a schema into itself
     */
    ProjectCopyResult copyProject(ProjectCopy project);

    /**
     * Copies many projects with at most {@code parallelism} at once, each as {@link #copyProject(ProjectCopy)} with its
     * own backup, restore and report. A failing project does not stop the others; every outcome is in the result, in
     * the order given. Projects writing the same target tables must not run at once: give them distinct targets.
     *
     * @throws ConfigurationException when parallelism is outside 1..32, two projects share a name, or a project names
     *     an unknown connection; no project is started then
     */
    MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism);

    /** Where a data migration stands, from its checkpoint in its target. */
    DataMigrationStatus dataStatus(DataMigration migration);

    /** As {@link #repair()}, on one target. */
    RepairResult repair(Target target);

    /**
     * Removes a target's lock whoever holds it, for an operator who knows the holder is gone and will not wait for its
     * lease to expire. Only leases (MongoDB) can be removed; native locks (PostgreSQL, MySQL) are freed by the database
     * when their holder's connection ends.
     *
     * @return whether a lock was removed
     * @throws ConfigurationException when the target's lock is native to its database
     */
    boolean forceUnlock(Target target);

    /**
     * Marks an existing database as being at {@code version}: scripts up to it count as applied and are never run.
     *
     * @throws ConfigurationException when the target's history already has entries
     */
    BaselineResult baseline(String version);

    /** As {@link #baseline(String)}, on one target. */
    BaselineResult baseline(Target target, String version);

    /**
     * Writes an empty timestamped up/down pair ({@code V{timestamp}__{name}.sql} and {@code U...}) into the first
     * {@code filesystem:} location.
     *
     * @throws ConfigurationException when no filesystem location is configured or the name is not a plain word
     */
    CreatedScripts create(String name);

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
        private final List<MigrationListener> listeners = new ArrayList<>();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private final List<String> environments = new ArrayList<>();
        private final List<Target> targets = new ArrayList<>();
        private String historyTable = MigrationSettings.DEFAULT_HISTORY_TABLE;
        private Duration lockTimeout = MigrationSettings.DEFAULT_LOCK_TIMEOUT;
        private boolean createSchemas = true;
        private Path backupDirectory;
        private boolean outOfOrder;
        private boolean validateOnMigrate = true;
        private String installedBy;
        private Path configFile;
        private ClassLoader classLoader;

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

        /** Adds a listener of run events. */
        public Builder listener(MigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How long to wait for another run's lock; default 5 minutes. */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = Objects.requireNonNull(timeout, "lockTimeout");
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

        /** The class loader for the engine, backends and {@code classpath:} scripts; default: the context loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
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
            MigrationSettings settings = new MigrationSettings(
                    List.copyOf(connections.values()),
                    locations,
                    scripts,
                    historyTable,
                    listeners,
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
                    backupDirectory);
            List<EngineProvider> engines = new ArrayList<>();
            ServiceLoader.load(EngineProvider.class, loader).forEach(engines::add);
            if (engines.isEmpty()) {
                throw new EngineNotFoundException("No migrator engine found on the class path. Add the dependency "
                        + "dev.migrator:migrator-core; in a shaded jar, merge META-INF/services files.");
            }
            return engines.get(0).create(settings);
        }
    }
}
