package dev.migrator.core.internal.project;

import dev.migrator.core.internal.data.Checkpoint;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigratorException;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyException;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.core.internal.data.DataEngine;
import dev.migrator.core.internal.schema.SchemaEngine;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies projects — sets of tables — from one connection to another on top of the other engines, through their small
 * internal interfaces: {@link SchemaEngine#migrate} creates the target tables, {@link BackupEngine#backup} saves the
 * target tables' state, one {@link DataEngine#migrateData} per table copies it in foreign-key order,
 * {@link BackupEngine#restore} puts the state back after a failure.
 * Thread-safe: each run has its own state.
 */
public final class ProjectRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRunner.class);

    /** Upper bound of {@code copyProjects}' parallelism. */
    static final int MAX_PARALLELISM = 32;

    private final SchemaEngine schemaEngine;
    private final BackupEngine backups;
    private final DataEngine data;
    private final Map<String, Backend> backends;
    private final List<String> ownTables;

    /**
     * @param schemaEngine migrates the target schemas before the copy
     * @param backups backs the target tables up before the copy and restores them after a failure
     * @param data runs the copy of each table as a data migration
     * @param backends the manager's backends by connection name
     * @param historyTable the history table, left out of "every table" with its lock and the checkpoint table
     */
    public ProjectRunner(SchemaEngine schemaEngine, BackupEngine backups, DataEngine data, Map<String, Backend> backends,
            String historyTable) {
        this.schemaEngine = schemaEngine;
        this.backups = backups;
        this.data = data;
        this.backends = backends;
        this.ownTables = List.of(historyTable, historyTable + "_lock", "migrator_data_checkpoints");
    }

    /** A source table and the target table it is copied into. */
    private record Pair(TableInfo source, String targetSchema, TableInfo target) {
        String targetName() {
            return targetSchema + "." + (target != null ? target.name() : source.name());
        }
    }

    // ------------------------------------------------------------------ one project

    public ProjectCopyResult copy(ProjectCopy p) {
        Backend from = backend(p, p.fromConnection());
        Backend to = backend(p, p.toConnection());
        Instant start = Instant.now();
        DataMigrationOptions o = p.options();

        // Everything that can be refused is refused before the target is touched: the sources first, then (after
        // the schema migrations, which only create what is missing) the targets.
        List<Pair> pairs = sources(p, from, start);
        if (p.fromConnection().equals(p.toConnection())) {
            for (Pair pair : pairs) {
                if (pair.source().schema().equals(pair.targetSchema())) {
                    throw new ConfigurationException("Project " + p.name() + " copies " + pair.source().qualifiedName()
                            + " into itself (same connection '" + p.toConnection() + "', same schema). Map the schema "
                            + "to another with schema(\"" + pair.source().schema() + "\", \"<target>\"), or copy into "
                            + "another connection.");
                }
            }
        }
        Set<String> schemas = new LinkedHashSet<>();
        pairs.forEach(pair -> schemas.add(pair.targetSchema()));
        if (p.migrateTarget() && !o.dryRun()) {
            for (String schema : schemas) {
                try {
                    schemaEngine.migrate(Target.of(p.toConnection(), schema));
                } catch (MigratorException e) {
                    throw new ProjectCopyException(ErrorCode.DATA_FAILED, "Project " + p.name() + ": the schema "
                            + "migrations of " + p.toConnection() + "/" + schema + " failed, so nothing was copied: "
                            + e.getMessage(), result(p, start, List.of(), List.of(), null, null, false), null, e);
                }
            }
        }
        List<Pair> ordered = targets(p, to, pairs, start);
        List<String> planned = ordered.stream().map(Pair::targetName).toList();
        LOG.info("[project {}] Copying {} table(s) from '{}' to '{}' in order {}", p.name(), ordered.size(),
                p.fromConnection(), p.toConnection(), planned);

        String backupId = null;
        if (o.backup() && !o.dryRun()) {
            try {
                BackupManifest backup = backups.backup(BackupRequest.builder()
                        .target(Target.of(p.toConnection(), ordered.get(0).targetSchema()))
                        .tables(planned)
                        .label(ProjectNames.label(p.name()))
                        .build());
                backupId = backup.id();
                LOG.info("[project {}] Backed up {} before the copy: {}", p.name(), planned, backupId);
            } catch (MigratorException e) {
                throw new ProjectCopyException(ErrorCode.DATA_FAILED, "Project " + p.name() + ": the backup of the "
                        + "target tables " + planned + " failed, so nothing was copied: " + e.getMessage(),
                        result(p, start, planned, List.of(), null, null, false), null, e);
            }
        }

        List<ProjectCopyResult.TableCopy> done = new ArrayList<>();
        Map<String, String> started = new LinkedHashMap<>(); // migration name -> schema holding its checkpoint
        for (Pair pair : ordered) {
            DataMigration migration = migration(p, pair);
            started.put(migration.name(), pair.target().schema());
            try {
                // A completed copy is copied again in full (the source may have changed since); an interrupted one
                // resumes after its last committed batch.
                boolean restart = o.restart()
                        || data.dataStatus(migration).state() == DataMigrationStatus.State.COMPLETED;
                DataMigrationResult r = data.migrateData(migration, tableOptions(o, restart));
                done.add(new ProjectCopyResult.TableCopy(pair.source().qualifiedName(), pair.targetName(), r));
                r.verification().filter(v -> !v.isValid()).ifPresent(v -> LOG.warn("[project {}] Verification of {} "
                        + "found: {}", p.name(), pair.targetName(), v.problems()));
            } catch (RuntimeException e) {
                throw failed(p, to, start, planned, done, started, pair, backupId, e);
            }
        }
        ProjectCopyResult result = result(p, start, planned, done, null, backupId, false);
        LOG.info("[project {}] Copied {} table(s), {} rows, in {} ms", p.name(), done.size(), result.rowsCopied(),
                result.duration().toMillis());
        return result;
    }

    private ProjectCopyException failed(ProjectCopy p, Backend to, Instant start, List<String> planned,
            List<ProjectCopyResult.TableCopy> done, Map<String, String> started, Pair pair, String backupId, RuntimeException e) {
        DataMigrationResult partial = e instanceof DataMigrationException d ? d.result() : null;
        List<ProjectCopyResult.TableCopy> tables = new ArrayList<>(done);
        if (partial != null) {
            tables.add(new ProjectCopyResult.TableCopy(pair.source().qualifiedName(), pair.targetName(), partial));
        }
        ErrorCode code = e instanceof DataMigrationException d ? d.code() : ErrorCode.DATA_FAILED;
        boolean restored = false;
        RuntimeException restoreFailure = null;
        if (backupId != null && p.options().restoreOnFailure()) {
            try {
                backups.restore(backupId, RestoreRequest.builder().target(Target.of(p.toConnection())).build());
                resetCheckpoints(to, started);
                restored = true;
                LOG.warn("[project {}] Restored the target tables {} from backup {} after the failure; the next run "
                        + "starts afresh.", p.name(), planned, backupId);
            } catch (RuntimeException re) {
                restoreFailure = re;
                LOG.error("[project {}] Restoring backup {} after the failure failed too: {}. Restore it by hand with "
                        + "manager.restore(\"{}\", RestoreRequest.builder().target(Target.of(\"{}\")).build()).", p.name(),
                        backupId, re.getMessage(), backupId, p.toConnection());
            }
        }
        String what = restored ? " The target tables were restored from backup " + backupId + "."
                : backupId == null ? " There was no backup to restore (backup is off, or this is a dry run); tables "
                        + "copied before stay copied."
                : restoreFailure != null ? " Restoring backup " + backupId + " failed too (" + restoreFailure.getMessage()
                        + "); restore it by hand." : " The target tables were left as they are (restoreOnFailure is off); "
                        + "backup " + backupId + " holds their state before.";
        ProjectCopyException thrown = new ProjectCopyException(code, "Project " + p.name() + " failed copying "
                + pair.source().qualifiedName() + " into " + pair.targetName() + " (" + done.size() + " of "
                + planned.size() + " tables done): " + e.getMessage() + what,
                result(p, start, planned, tables, pair.targetName(), backupId, restored), partial, e);
        if (restoreFailure != null) {
            thrown.addSuppressed(restoreFailure);
        }
        LOG.error("[project {}] {}", p.name(), thrown.getMessage());
        return thrown;
    }

    /** After a restore the tables hold their state from before the copy: their checkpoints must not say otherwise. */
    private static void resetCheckpoints(Backend to, Map<String, String> migrations) {
        // Checkpoints are stored through a data writer: a target without one has none to reset.
        Optional<DataWriteSession> writer = to.openDataWriter();
        if (writer.isEmpty()) {
            return;
        }
        try (DataWriteSession w = writer.get()) {
            new HashSet<>(migrations.values()).forEach(w::prepareCheckpoints);
            w.begin();
            migrations.forEach((name, schema) -> w.saveCheckpoint(schema, name, Checkpoint.reset()));
            w.commit();
        }
    }

    // ------------------------------------------------------------------ resolution

    Backend backend(ProjectCopy p, String connection) {
        Backend b = backends.get(connection);
        if (b == null) {
            throw new ConfigurationException("Project " + p.name() + " uses connection '" + connection + "', which this "
                    + "manager does not have; it has " + backends.keySet() + ". Declare it with connection(\""
                    + connection + "\", url, user, password).");
        }
        return b;
    }

    /** The source tables, each described, in the order named (or listed); refuses missing ones and ones without a key. */
    private List<Pair> sources(ProjectCopy p, Backend from, Instant start) {
        String defaultSchema = p.fromSchema().orElse(from.defaultSchema());
        List<Pair> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (SnapshotSession s = from.openSnapshot().orElseThrow(() -> new ProjectCopyException(
                ErrorCode.DATA_SOURCE_INVALID, "Project " + p.name() + ": connection '" + p.fromConnection() + "' ("
                        + from.product() + ") cannot list or read tables.",
                result(p, start, List.of(), List.of(), null, null, false), null, null))) {
            if (p.tables().isEmpty()) {
                for (TableInfo info : s.tables(defaultSchema, ownTables)) {
                    pairs.add(new Pair(info, p.targetSchema(info.schema()), null));
                }
                if (pairs.isEmpty()) {
                    problems.add("schema " + defaultSchema + " has no tables");
                }
            } else {
                for (String name : p.tables()) {
                    int dot = name.indexOf('.');
                    String schema = dot < 0 ? defaultSchema : name.substring(0, dot);
                    String table = dot < 0 ? name : name.substring(dot + 1);
                    TableInfo info = s.describe(schema, table).orElse(null);
                    if (info == null) {
                        problems.add("table " + schema + "." + table + " does not exist (tables of " + schema + ": "
                                + s.tables(schema, ownTables).stream().map(TableInfo::name).toList() + ")");
                    } else {
                        pairs.add(new Pair(info, p.targetSchema(schema), null));
                    }
                }
            }
        }
        for (Pair pair : pairs) {
            if (pair.source().primaryKey().isEmpty() && !document(pair.source())) {
                problems.add("table " + pair.source().qualifiedName() + " has no primary key (a copy reads in key order "
                        + "to resume, and overwrites rows by key)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProjectCopyException(ErrorCode.DATA_SOURCE_INVALID, "Project " + p.name() + " cannot start: on "
                    + "source connection '" + p.fromConnection() + "', " + String.join("; ", problems)
                    + ". Nothing was written.", result(p, start, List.of(), List.of(), null, null, false), null, null);
        }
        return pairs;
    }

    /** The target tables, each described, in foreign-key order; refuses missing ones. */
    private List<Pair> targets(ProjectCopy p, Backend to, List<Pair> pairs, Instant start) {
        List<String> problems = new ArrayList<>();
        Map<String, Pair> byTarget = new LinkedHashMap<>();
        try (LoadSession load = to.openLoad().orElseThrow(() -> new ProjectCopyException(ErrorCode.DATA_TARGET_INVALID,
                "Project " + p.name() + ": connection '" + p.toConnection() + "' (" + to.product()
                        + ") cannot load tables.", result(p, start, List.of(), List.of(), null, null, false), null, null))) {
            List<TableInfo> infos = new ArrayList<>();
            for (Pair pair : pairs) {
                TableInfo info = load.describe(pair.targetSchema(), pair.source().name()).orElse(null);
                if (info == null) {
                    problems.add("table " + pair.targetName() + " does not exist (" + (p.migrateTarget()
                            ? "the schema migrations of " + p.toConnection() + "/" + pair.targetSchema() + " did not "
                                    + "create it; add a script creating it"
                            : "create it first, or turn migrateTarget on") + ")");
                    continue;
                }
                List<String> keys = keys(pair.source(), info);
                for (String k : keys) {
                    if (info.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(k))) {
                        problems.add("table " + info.qualifiedName() + " has no key column " + k);
                    }
                }
                infos.add(info);
                byTarget.put(info.qualifiedName(), new Pair(pair.source(), pair.targetSchema(), info));
            }
            if (!problems.isEmpty()) {
                throw new ProjectCopyException(ErrorCode.DATA_TARGET_INVALID, "Project " + p.name() + " cannot start: on "
                        + "target connection '" + p.toConnection() + "', " + String.join("; ", problems)
                        + ". Nothing was copied.", result(p, start, List.of(), List.of(), null, null, false), null, null);
            }
            List<Pair> ordered = new ArrayList<>();
            for (TableInfo info : load.loadOrder(infos)) {
                ordered.add(byTarget.get(info.qualifiedName()));
            }
            return ordered;
        }
    }

    private static boolean document(TableInfo t) {
        return t.columns().size() == 1 && t.columns().get(0).kind() == ValueKind.DOCUMENT;
    }

    /** The target's primary key; the source's where the target has none; {@code _id} for documents. */
    private static List<String> keys(TableInfo source, TableInfo target) {
        if (document(target)) {
            return List.of("_id");
        }
        return target.primaryKey().isEmpty() ? source.primaryKey() : target.primaryKey();
    }

    private DataMigration migration(ProjectCopy p, Pair pair) {
        TableInfo s = pair.source();
        TableInfo t = pair.target();
        RecordSource source = document(s) ? RecordSource.collection(p.fromConnection(), s.qualifiedName())
                : RecordSource.table(p.fromConnection(), s.qualifiedName());
        List<String> keys = keys(s, t);
        String name = ProjectNames.migrationName(p.name(), t.schema(), t.name());
        return DataMigration.builder(name)
                .source(source)
                .target(DataTarget.of(p.toConnection(), t.qualifiedName(), keys.toArray(String[]::new)))
                .conflict(ConflictStrategy.overwrite())
                .build();
    }

    /** The project's options for one table: no backup of its own (the project took one), resumed or restarted. */
    private static DataMigrationOptions tableOptions(DataMigrationOptions o, boolean restart) {
        DataMigrationOptions.Builder b = DataMigrationOptions.builder()
                .batchSize(o.batchSize())
                .parallelism(o.parallelism())
                .batchDelay(o.batchDelay())
                .includeTypes(o.includeTypes().toArray(String[]::new))
                .excludeTypes(o.excludeTypes().toArray(String[]::new))
                .filter(o.filter())
                .dryRun(o.dryRun())
                .continueOnError(o.continueOnError())
                .errorLog(o.errorLog())
                .maxErrorRate(o.maxErrorRate())
                .retries(o.retries())
                .retryBackoff(o.retryBackoff())
                .backup(false)
                .restoreOnFailure(false)
                .verify(o.verify())
                .restart(restart);
        o.listeners().forEach(b::listener);
        return b.build();
    }

    private static ProjectCopyResult result(ProjectCopy p, Instant start, List<String> planned,
            List<ProjectCopyResult.TableCopy> tables, String failedTable, String backupId, boolean restored) {
        return new ProjectCopyResult(p.name(), p.fromConnection(), p.toConnection(), start,
                Duration.between(start, Instant.now()), planned, tables, Optional.ofNullable(failedTable),
                Optional.ofNullable(backupId), restored);
    }

    // ------------------------------------------------------------------ many projects

    public MultiProjectResult copyAll(List<ProjectCopy> projects, int parallelism) {
        return ProjectBatch.copyAll(this, projects, parallelism);
    }
}
