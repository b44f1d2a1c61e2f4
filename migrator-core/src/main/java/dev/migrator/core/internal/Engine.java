package dev.migrator.core.internal;

import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.core.internal.backup.BackupRunner;
import dev.migrator.core.internal.config.ConfigFile;
import dev.migrator.core.internal.schema.EngineSettings;
import dev.migrator.core.internal.schema.HistoryAnalysis;
import dev.migrator.core.internal.util.Identifiers;
import dev.migrator.core.internal.schema.LoadedScript;
import dev.migrator.core.internal.schema.ResolvedTarget;
import dev.migrator.core.internal.schema.ScriptCatalog;
import dev.migrator.core.internal.schema.ScriptDiscovery;
import dev.migrator.core.internal.schema.TargetRunner;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.data.DataRunner;
import dev.migrator.core.internal.project.ProjectRunner;
import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.BackupStore;
import dev.migrator.api.BaselineResult;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.VerifyReport;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.CreatedScripts;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.RepairResult;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.api.TargetResult;
import dev.migrator.api.UnknownVersionException;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.ValidationReport;
import dev.migrator.api.Version;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.engine.MigrationSettings;
import dev.migrator.spi.TargetSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link MigrationManager}: resolves targets, loads scripts once at build time, and runs each operation
 * target by target through the backends' SPI. Immutable after construction and safe to share between threads.
 */
public final class Engine implements MigrationManager {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final MigrationSettings settings;
    private final EngineSettings engineSettings;
    private final Map<String, ConnectionConfig> connections;
    private final Map<String, Backend> backends;
    private final String defaultConnection;
    private final ScriptCatalog catalog;
    private final List<Target> targets;
    private final List<MigrationListener> listeners;
    private final FileBackupStore backupStore;
    private final BackupRunner backupRunner;
    private final DataRunner dataRunner;
    private final ProjectRunner projectRunner;

    public Engine(MigrationSettings raw) {
        MigrationSettings s = raw.configFilePath().isPresent()
                ? new ConfigFile(raw.configFilePath().get(), System::getenv).mergeInto(raw)
                : raw;
        this.settings = s;
        if (s.connections().isEmpty()) {
            throw new ConfigurationException("No connection configured. Add one with connection(\"core\", "
                    + "\"jdbc:postgresql://localhost:5432/app\", user, password), or in the configuration file.");
        }
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, s.classLoader()).forEach(providers::add);
        Map<String, ConnectionConfig> conns = new LinkedHashMap<>();
        Map<String, String> users = new HashMap<>();
        for (ConnectionConfig c : s.connections()) {
            conns.put(c.name(), c);
            // The backend knows where its URLs name a user; a data source is never probed for it here.
            String user = c.user() != null ? c.user() : c.url() == null ? null : providers.stream()
                    .filter(p -> p.supports(c)).findFirst().flatMap(p -> p.urlUser(c.url())).orElse(null);
            if (user != null) {
                users.put(c.name(), user);
            }
        }
        this.connections = Map.copyOf(conns);
        this.defaultConnection = s.connections().get(0).name();
        this.engineSettings = new EngineSettings(s.historyTable(), s.lockTimeout(), s.createSchemas(), s.outOfOrder(),
                s.validateOnMigrate(), s.installedBy(), Map.copyOf(users));
        this.listeners = s.listeners();
        this.backupStore = new FileBackupStore(s.backupDirectory() != null ? s.backupDirectory() : Path.of("backups"));
        this.backupRunner = new BackupRunner(backupStore, s.historyTable());

        List<LoadedScript.FromFile> files = new ArrayList<>();
        ScriptDiscovery discovery = new ScriptDiscovery(s.classLoader());
        for (MigrationSettings.Location location : s.locations()) {
            files.addAll(discovery.load(location.location(), location.target()));
        }
        this.catalog = new ScriptCatalog(s.scripts(), files, defaultConnection, conns.keySet());

        Set<Target> all = new LinkedHashSet<>(catalog.declaredTargets(s.environments()));
        for (Target t : s.targets()) {
            if (!conns.containsKey(t.connection())) {
                throw unknownConnection(t.connection());
            }
            if (t.isPattern()) {
                s.environments().forEach(env -> all.add(t.forEnvironment(env)));
            } else {
                all.add(t);
            }
        }
        if (all.isEmpty()) {
            all.add(Target.of(defaultConnection));
        }
        for (Target t : catalog.declaredTargets(List.of())) {
            if (t.isPattern() && s.environments().isEmpty()) {
                LOG.warn("Scripts for schema pattern {} are not migrated by migrate(): no environments are set. "
                        + "Set environments(...) or migrate(Target.of(\"{}\", \"<schema>\")).", t, t.connection());
            }
        }
        this.targets = List.copyOf(all);

        Map<String, Backend> opened = new LinkedHashMap<>();
        try {
            for (ConnectionConfig c : s.connections()) {
                BackendProvider provider = providers.stream().filter(p -> p.supports(c)).findFirst().orElseThrow(() ->
                        new BackendNotFoundException("No backend supports " + c.maskedUrl() + " (connection '" + c.name()
                                + "'). Found: " + providers.stream().map(BackendProvider::name).toList()
                                + ". Add dev.migrator:migrator-jdbc for PostgreSQL, MySQL and MariaDB (jdbc:postgresql:, "
                                + "jdbc:mysql:, jdbc:mariadb:) or dev.migrator:migrator-mongo for MongoDB (mongodb://); "
                                + "in a shaded jar, merge META-INF/services files."));
                opened.put(c.name(), provider.open(c));
                LOG.debug("Connection {}: {}", c.name(), c);
            }
        } catch (RuntimeException e) {
            opened.values().forEach(Engine::closeQuietly);
            throw e;
        }
        this.backends = Map.copyOf(opened);
        this.dataRunner = new DataRunner(backends, backupStore, BackupEngine.of(this::backup, this::restore));
        this.projectRunner = new ProjectRunner(this::migrate, BackupEngine.of(this::backup, this::restore),
                DataEngine.of(this::migrateData, this::dataStatus), backends, s.historyTable());
        LOG.debug("Manager built: {} scripts, targets {}, history table {}, lock timeout {}", catalog.all().size(), targets,
                s.historyTable(), s.lockTimeout());
    }

    // ---------------------------------------------------------------- migrate

    @Override
    public MigrateResult migrate() {
        return migrate(MigrateOptions.defaults());
    }

    @Override
    public MigrateResult migrate(Target target) {
        return migrate(MigrateOptions.builder().target(target).build());
    }

    @Override
    public MigrateResult migrateTo(String version) {
        return migrate(MigrateOptions.builder().to(version).build());
    }

    @Override
    public MigrateResult migrate(MigrateOptions options) {
        Instant start = Instant.now();
        List<ResolvedTarget> resolved = resolveAll(options.targets());
        List<TargetResult> results = new ArrayList<>();
        for (ResolvedTarget rt : resolved) {
            results.add(runner(rt).migrate(options));
        }
        return new MigrateResult(results, Duration.between(start, Instant.now()));
    }

    @Override
    public MultiTargetResult migrateAll(Collection<Target> requested, int parallelism, boolean stopOnFailure) {
        if (parallelism < 1 || parallelism > 256) {
            throw new ConfigurationException("parallelism is " + parallelism + "; allowed: 1 to 256.");
        }
        Instant start = Instant.now();
        List<Target> list = List.copyOf(requested);
        // Validate every target before starting any, so a typo does not leave half the tenants migrated.
        List<ResolvedTarget> resolved = new ArrayList<>();
        for (Target t : list) {
            resolved.add(resolve(t));
        }
        int threads = Math.min(parallelism, Math.max(1, list.size()));
        for (ResolvedTarget rt : resolved) {
            ConnectionConfig c = connections.get(rt.target().connection());
            // Each running target holds a work connection from the pool: more threads than the pool allows
            // would only wait for connections and time out.
            if (c.dataSource() == null && threads > c.poolMax()) {
                LOG.warn("parallelism {} limited to {} by connection '{}' (poolMax {}; each running target needs one "
                        + "pooled connection). Raise poolMax to run more targets at once.", threads, c.poolMax(), c.name(), c.poolMax());
                threads = c.poolMax();
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "migrator-target-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TargetOutcome>> futures = new ArrayList<>();
            for (ResolvedTarget rt : resolved) {
                futures.add(pool.submit(() -> {
                    if (stopOnFailure && stop.get()) {
                        return new TargetOutcome.NotStarted(rt.target());
                    }
                    try {
                        return new TargetOutcome.Migrated(rt.target(), runner(rt).migrate(MigrateOptions.defaults()));
                    } catch (MigratorException e) {
                        stop.set(true);
                        LOG.warn("{}: migration failed: {}", rt.target(), e.getMessage());
                        return new TargetOutcome.Failed(rt.target(), e);
                    } catch (RuntimeException e) {
                        // One target's unexpected failure must not hide the others' outcomes.
                        stop.set(true);
                        LOG.warn("{}: migration failed unexpectedly", rt.target(), e);
                        return new TargetOutcome.Failed(rt.target(), new DatabaseException("Migration of " + rt.target()
                                + " failed unexpectedly: " + e + ". Its lock was released; see the cause and run again.", e));
                    }
                }));
            }
            List<TargetOutcome> outcomes = new ArrayList<>();
            for (Future<TargetOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return new MultiTargetResult(outcomes, Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new MigrationInterruptedException("Interrupted while migrating " + list.size()
                    + " targets; targets already started finish or roll back by themselves. The interrupt flag is set again.", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Unexpected failure migrating targets: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    @Override
    public DryRunResult dryRun(MigrateOptions options) {
        List<PlannedScript> plan = new ArrayList<>();
        List<Target> executed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ResolvedTarget rt : resolveAll(options.targets())) {
            DryRunResult r = runner(rt).dryRun(options);
            plan.addAll(r.plan());
            executed.addAll(r.executedAndRolledBack());
            notes.addAll(r.notExecuted());
        }
        return new DryRunResult(plan, executed, notes);
    }

    // ---------------------------------------------------------------- rollback

    @Override
    public RollbackResult rollback(int steps) {
        return rollback(targets, steps, null);
    }

    @Override
    public RollbackResult rollback(Target target, int steps) {
        return rollback(List.of(target), steps, null);
    }

    @Override
    public RollbackResult rollbackTo(String version) {
        return rollback(targets, null, Version.parse(version));
    }

    @Override
    public RollbackResult rollbackTo(Target target, String version) {
        return rollback(List.of(target), null, Version.parse(version));
    }

    private RollbackResult rollback(List<Target> requested, Integer steps, Version toVersion) {
        if (steps != null && steps < 1) {
            throw new ConfigurationException("rollback steps is " + steps + "; allowed: 1 or more.");
        }
        Instant start = Instant.now();
        List<ResolvedTarget> resolved = resolveAll(requested);
        // Plan every target first: if any needed down is missing, nothing runs anywhere.
        List<String> missing = new ArrayList<>();
        boolean known = toVersion == null;
        for (ResolvedTarget rt : resolved) {
            TargetRunner runner = runner(rt);
            TargetRunner.RollbackPlan plan = runner.planRollback(steps, toVersion);
            missing.addAll(runner.missingDowns(plan.rows()));
            if (!known) {
                HistoryAnalysis a = plan.analysis();
                known = a.applied.containsKey(toVersion) || toVersion.equals(a.baseline)
                        || rt.scripts().stream().anyMatch(s -> s.version().equals(toVersion));
            }
        }
        if (!known) {
            throw new UnknownVersionException("Cannot roll back to version " + toVersion + ": it is neither a local script "
                    + "nor in the history of " + resolved.stream().map(ResolvedTarget::target).toList()
                    + ". Check the version with status().");
        }
        if (!missing.isEmpty()) {
            throw new MissingDownScriptException(missingDownMessage(missing));
        }
        List<ExecutedScript> done = new ArrayList<>();
        for (ResolvedTarget rt : resolved) {
            done.addAll(runner(rt).rollback(steps, toVersion));
        }
        return new RollbackResult(done, Duration.between(start, Instant.now()));
    }

    public static String missingDownMessage(List<String> missing) {
        return "Cannot roll back: " + missing.size() + " script(s) have no down script: " + String.join(", ", missing)
                + ". Nothing was rolled back. Add the down scripts (U{version}__{name}.sql or .json, or {version}_{name}_down.sql or .json), "
                + "or roll back fewer steps.";
    }

    // ---------------------------------------------------------------- status, validate, repair, baseline, create

    @Override
    public StatusReport status() {
        return status(targets);
    }

    @Override
    public StatusReport status(Target target) {
        return status(List.of(target));
    }

    private StatusReport status(List<Target> requested) {
        List<ScriptStatus> all = new ArrayList<>();
        for (ResolvedTarget rt : resolveAll(requested)) {
            all.addAll(runner(rt).readAnalysis(false).statuses);
        }
        return new StatusReport(all);
    }

    @Override
    public ValidationReport validate() {
        List<ValidationProblem> problems = new ArrayList<>();
        for (ResolvedTarget rt : resolveAll(targets)) {
            problems.addAll(runner(rt).readAnalysis(false).problems);
        }
        return new ValidationReport(problems);
    }

    @Override
    public RepairResult repair() {
        return repair(targets);
    }

    @Override
    public RepairResult repair(Target target) {
        return repair(List.of(target));
    }

    // ---------------------------------------------------------------- backups

    @Override
    public BackupManifest backup(BackupRequest request) {
        // Before resolving: the default schema is looked up on the server, and a refused call opens nothing.
        for (String table : request.tables()) {
            Identifiers.refuseSystemSchemaOf(table, "Backup table " + table);
        }
        Target t = request.target() != null ? request.target() : defaultTarget();
        ResolvedTarget rt = resolve(t);
        return backupRunner.backup(rt, connections.get(t.connection()), request);
    }

    @Override
    public RestoreResult restore(String backupId, RestoreRequest request) {
        if (request.target() != null && !backends.containsKey(request.target().connection())) {
            throw unknownConnection(request.target().connection());
        }
        return backupRunner.restore(backupId, request, backends);
    }

    @Override
    public VerifyReport verify(String backupId) {
        return backupRunner.verify(backupId, null, backends);
    }

    @Override
    public VerifyReport verify(String backupId, Target target) {
        if (!backends.containsKey(target.connection())) {
            throw unknownConnection(target.connection());
        }
        return backupRunner.verify(backupId, target, backends);
    }

    @Override
    public BackupStore backups() {
        return backupStore;
    }

    // ---------------------------------------------------------------- data migrations

    @Override
    public DataMigrationResult migrateData(DataMigration migration, DataMigrationOptions options) {
        refuseSystemSchemas(migration);
        return dataRunner.run(migration, options);
    }

    @Override
    public DataMigrationStatus dataStatus(DataMigration migration) {
        refuseSystemSchemas(migration);
        return dataRunner.status(migration);
    }

    /** Before a data migration opens anything: its table source and targets name no system schema. */
    private static void refuseSystemSchemas(DataMigration migration) {
        String what = "Data migration " + migration.name();
        if (migration.source() instanceof RecordSource.Table table) {
            Identifiers.refuseSystemSchemaOf(table.table(), what + " source " + table.table());
        }
        List<DataTarget> targets = new ArrayList<>(migration.targets().values());
        if (migration.defaultTarget() != null) {
            targets.add(migration.defaultTarget());
        }
        for (DataTarget target : targets) {
            Identifiers.refuseSystemSchemaOf(target.table(), what + " target " + target.table());
        }
    }

    @Override
    public ProjectCopyResult copyProject(ProjectCopy project) {
        return projectRunner.copy(java.util.Objects.requireNonNull(project, "project"));
    }

    @Override
    public MultiProjectResult copyProjects(List<ProjectCopy> projects, int parallelism) {
        return projectRunner.copyAll(java.util.Objects.requireNonNull(projects, "projects"), parallelism);
    }

    private Target defaultTarget() {
        return targets.isEmpty() ? Target.of(defaultConnection) : targets.get(0);
    }

    @Override
    public boolean forceUnlock(Target target) {
        ResolvedTarget rt = resolve(target);
        try (TargetSession session = rt.backend().openSession(rt.schema(), settings.historyTable())) {
            boolean removed = session.lock().forceRelease();
            LOG.warn("{}: forced unlock {}", rt.target(), removed ? "removed the lock" : "found no lock");
            return removed;
        }
    }

    private RepairResult repair(List<Target> requested) {
        List<RepairResult.Action> actions = new ArrayList<>();
        for (ResolvedTarget rt : resolveAll(requested)) {
            actions.addAll(runner(rt).repair());
        }
        return new RepairResult(actions);
    }

    @Override
    public BaselineResult baseline(String version) {
        List<ResolvedTarget> resolved = resolveAll(targets);
        if (resolved.size() != 1) {
            throw new ConfigurationException("baseline(version) needs exactly one target, but this manager has "
                    + resolved.size() + ": " + targets + ". Use baseline(target, version).");
        }
        return baseline(resolved.get(0).target(), version);
    }

    @Override
    public BaselineResult baseline(Target target, String version) {
        Version v = Version.parse(version);
        ResolvedTarget rt = resolve(target);
        runner(rt).baseline(v);
        return new BaselineResult(rt.target(), v);
    }

    @Override
    public CreatedScripts create(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,100}")) {
            throw new ConfigurationException("Script name '" + name + "' is invalid: use 1 to 100 letters, digits or '_', "
                    + "e.g. add_user_email.");
        }
        Path dir = settings.locations().stream()
                .map(MigrationSettings.Location::location)
                .filter(l -> !l.startsWith("classpath:"))
                .map(l -> Paths.get(l.startsWith("filesystem:") ? l.substring("filesystem:".length()) : l))
                .findFirst()
                .orElseThrow(() -> new ConfigurationException("create(name) writes into the first filesystem: location, and "
                        + "none is configured. Add one with locations(\"filesystem:src/main/resources/db/migration\")."));
        String version = TIMESTAMP.format(Instant.now());
        Path up = dir.resolve("V" + version + "__" + name + ".sql");
        Path down = dir.resolve("U" + version + "__" + name + ".sql");
        try {
            Files.createDirectories(dir);
            Files.writeString(up, "-- " + name + ": the change. Runs in a transaction where the database allows.\n",
                    java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.writeString(down, "-- " + name + ": undoes V" + version + "__" + name + ".sql\n",
                    java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ConfigurationException("Cannot create " + e.getFile() + ": it exists already. Wait a second and retry.", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot write the new scripts into " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("Created {} and {}", up, down);
        return new CreatedScripts(Version.parse(version), up, down);
    }

    @Override
    public List<Target> targets() {
        return targets;
    }

    @Override
    public void close() {
        backends.values().forEach(Engine::closeQuietly);
    }

    @Override
    public String toString() {
        return "MigrationManager[connections=" + connections.values().stream().map(ConnectionConfig::maskedUrl).toList()
                + ", targets=" + targets + "]";
    }

    // ---------------------------------------------------------------- resolution

    private List<ResolvedTarget> resolveAll(List<Target> requested) {
        List<Target> list = requested.isEmpty() ? targets : requested;
        List<ResolvedTarget> resolved = new ArrayList<>(list.size());
        for (Target t : list) {
            resolved.add(resolve(t));
        }
        return resolved;
    }

    private ResolvedTarget resolve(Target requested) {
        Backend backend = backends.get(requested.connection());
        if (backend == null) {
            throw unknownConnection(requested.connection());
        }
        if (requested.isPattern()) {
            throw new ConfigurationException("Target " + requested + " still holds {environment}. Name the schema "
                    + "(e.g. cli_dev), or set environments(...) and call migrate().");
        }
        String schema = requested.schema() != null ? requested.schema() : backend.defaultSchema();
        Identifiers.requireSchema(schema, "Schema name for connection '" + requested.connection() + "'");
        String environment = catalog.environmentOf(requested.connection(), schema);
        Map<String, String> placeholders = new HashMap<>(settings.placeholders());
        placeholders.putIfAbsent("schema", schema);
        placeholders.putIfAbsent("connection", requested.connection());
        placeholders.putIfAbsent("historyTable", settings.historyTable());
        if (environment != null) {
            placeholders.putIfAbsent("environment", environment);
        }
        return new ResolvedTarget(Target.of(requested.connection(), schema), schema, environment, backend,
                catalog.scriptsFor(requested.connection(), schema), Map.copyOf(placeholders));
    }

    private ConfigurationException unknownConnection(String name) {
        return new ConfigurationException("Unknown connection '" + name + "'. Known: " + connections.keySet()
                + ". Declare it with connection(\"" + name + "\", url, user, password).");
    }

    private TargetRunner runner(ResolvedTarget rt) {
        return new TargetRunner(rt, engineSettings, this::emit);
    }

    private void emit(MigrationEvent event) {
        for (MigrationListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} threw on {}: {}; the run goes on.", l, event, e.toString());
            }
        }
    }

    private static void closeQuietly(Backend backend) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing backend {} failed: {}", backend.product(), e.toString());
        }
    }
}
