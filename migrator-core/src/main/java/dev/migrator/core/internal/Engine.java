package dev.migrator.core.internal;

import dev.migrator.api.BackupOperations;
import dev.migrator.api.BackupStore;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrations;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.SchemaMigrations;
import dev.migrator.api.Target;
import dev.migrator.core.internal.backup.BackupRunner;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.core.internal.config.ConfigFile;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.data.DataRunner;
import dev.migrator.core.internal.project.ProjectRunner;
import dev.migrator.core.internal.schema.EngineSettings;
import dev.migrator.core.internal.schema.LoadedScript;
import dev.migrator.core.internal.schema.SchemaOperations;
import dev.migrator.core.internal.schema.ScriptCatalog;
import dev.migrator.core.internal.schema.ScriptDiscovery;
import dev.migrator.core.internal.schema.TargetResolver;
import dev.migrator.spi.Backend;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link MigrationManager}: wires the capabilities together at build time — connections and their
 * backends, the scripts (loaded once), the targets, and the schema, backup and data operations — and hands each call
 * to its facet. Immutable after construction and safe to share between threads.
 */
public final class Engine implements MigrationManager {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Connections connections;
    private final Map<String, Backend> backends;
    private final TargetResolver resolver;
    private final SchemaOperations schema;
    private final Path backupDirectory;
    private final String historyTable;
    /** Where every event goes: the builder's listeners, in order. */
    private final Consumer<MigrationEvent> events;
    /** The builder's listeners that are data migration listeners too: they hear every data migration. */
    private final List<DataMigrationListener> dataListeners;
    /** The backup and data facets, built on first use: an application start that only migrates never loads them. */
    private volatile Facets facets;

    /** What backups and data migrations use, built together once. */
    private record Facets(FileBackupStore backupStore, EngineBackups backupOperations, EngineData data) {}

    public Engine(MigrationSettings raw) {
        MigrationSettings s = raw.configFilePath().isPresent()
                ? new ConfigFile(raw.configFilePath().get(), System::getenv).mergeInto(raw)
                : raw;
        this.connections = new Connections(s.connections(), s.classLoader());
        EngineSettings engineSettings = new EngineSettings(s.historyTable(), s.lockTimeout(), s.createSchemas(), s.outOfOrder(),
                s.validateOnMigrate(), s.installedBy(), connections.users(), s.statementLockTimeout(), s.lockRetryAttempts(),
                s.lockRetryMaxBackoff());
        // Resolved now, as the store would have been: a relative folder is the working directory's at build time.
        this.backupDirectory = (s.backupDirectory() != null ? s.backupDirectory() : Path.of("backups")).toAbsolutePath();
        this.historyTable = s.historyTable();

        List<LoadedScript.FromFile> files = new ArrayList<>();
        List<LoadedScript.FromFile> repeatableFiles = new ArrayList<>();
        List<LoadedScript.FromFile> callbackFiles = new ArrayList<>();
        ScriptDiscovery discovery = new ScriptDiscovery(s.classLoader());
        for (MigrationSettings.Location location : s.locations()) {
            ScriptDiscovery.Found found = discovery.discover(location.location(), location.target());
            files.addAll(found.scripts());
            repeatableFiles.addAll(found.repeatables());
            callbackFiles.addAll(found.callbacks());
        }
        List<String> names = connections.names();
        ScriptCatalog catalog = new ScriptCatalog(s.scripts(), files, s.repeatables(), repeatableFiles, callbackFiles,
                s.callbacks(), names.get(0), new LinkedHashSet<>(names));
        // The targets are checked before any connection is opened: a typo opens nothing.
        List<Target> targets = TargetResolver.targetsOf(s, catalog, names);

        this.backends = connections.open();
        this.resolver = new TargetResolver(s, catalog, targets, backends, names);
        this.events = dispatcher(s.listeners());
        this.dataListeners = s.listeners().stream()
                .filter(DataMigrationListener.class::isInstance)
                .map(DataMigrationListener.class::cast)
                .toList();
        this.schema = new SchemaOperations(resolver, engineSettings, events, connections.byName(),
                s.locations(), s.lint());
        LOG.debug("Manager built: {} scripts, targets {}, history table {}, lock timeout {}, statement lock timeout {},"
                        + " lock retries {} at most {} apart", catalog.all().size(), targets, s.historyTable(), s.lockTimeout(),
                s.statementLockTimeout(), s.lockRetryAttempts(), s.lockRetryMaxBackoff());
    }

    @Override
    public SchemaMigrations schema() {
        return schema;
    }

    @Override
    public BackupOperations backupOperations() {
        return facets().backupOperations();
    }

    @Override
    public DataMigrations data() {
        return facets().data();
    }

    @Override
    public BackupStore backups() {
        return facets().backupStore();
    }

    private Facets facets() {
        Facets f = facets;
        if (f == null) {
            synchronized (this) {
                f = facets;
                if (f == null) {
                    FileBackupStore backupStore = new FileBackupStore(backupDirectory);
                    BackupRunner backupRunner = new BackupRunner(backupStore, historyTable);
                    EngineBackups backupOperations = new EngineBackups(resolver, connections.byName(), backends,
                            backupStore, backupRunner, events);
                    // Sub-engines get the small internal interfaces they need, never this manager: nothing escapes a
                    // constructor.
                    DataEngine dataEngine = new GuardedData(new DataRunner(backends, backupStore, backupOperations, dataListeners));
                    ProjectRunner projectRunner = new ProjectRunner(schema, backupOperations, dataEngine, backends,
                            historyTable);
                    f = new Facets(backupStore, backupOperations, new EngineData(dataEngine, projectRunner));
                    facets = f;
                }
            }
        }
        return f;
    }

    @Override
    public List<Target> targets() {
        return resolver.targets();
    }

    @Override
    public void close() {
        backends.values().forEach(Connections::closeQuietly);
    }

    @Override
    public String toString() {
        return "MigrationManager[connections=" + connections.maskedUrls() + ", targets=" + resolver.targets() + "]";
    }

    /** Hands each event to every listener in turn; a listener that throws is logged and the run goes on. */
    private static Consumer<MigrationEvent> dispatcher(List<MigrationListener> listeners) {
        List<MigrationListener> copy = List.copyOf(listeners);
        return event -> {
            for (MigrationListener l : copy) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("Listener {} threw on {}: {}; the run goes on.", l, event, e.toString());
                }
            }
        };
    }
}
