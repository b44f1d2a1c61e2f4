package dev.migrator.core.internal.data;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataTarget;
import dev.migrator.api.DataVerification;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigratorException;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.NativeWriter;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs data migrations: checks the source and targets before anything is written, backs the targets up, streams
 * records through the filter, transforms, validators and conflict strategies in batches — each batch committed with
 * the migration's checkpoint, so a killed run resumes after its last commit — verifies, and restores from the backup
 * when the run fails. Thread-safe: each run has its own state.
 */
public final class DataRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DataRunner.class);

    private final Map<String, Backend> backends;
    private final FileBackupStore store;
    private final BackupEngine backups;
    private final List<DataMigrationListener> managerListeners;

    /**
     * @param backends the manager's backends by connection name
     * @param backups takes the run's backup and restores it after a failure
     * @param managerListeners the manager's listeners of every data migration, told after each migration's own
     */
    public DataRunner(Map<String, Backend> backends, FileBackupStore store, BackupEngine backups,
            List<DataMigrationListener> managerListeners) {
        this.managerListeners = List.copyOf(managerListeners);
        this.backends = backends;
        this.store = store;
        this.backups = backups;
    }

    public DataMigrationResult run(DataMigration migration, DataMigrationOptions options) {
        return new Run(this, migration, options).execute();
    }

    public DataMigrationStatus status(DataMigration migration) {
        DataTarget any = anyTarget(migration);
        Backend backend = backend(any.connection(), migration);
        String schema = split(any.table(), backend).schema();
        try (DataWriteSession w = backend.openDataWriter().orElseThrow(() -> new ConfigurationException(
                backend.product() + " backend cannot write records for data migrations."))) {
            w.prepareCheckpoints(schema);
            Checkpoint cp = Checkpoint.fromJson(w.loadCheckpoint(schema, migration.name()).orElse(null), migration.name(),
                    sourceKeyTypes(migration));
            DataMigrationStatus.State state = cp.updatedAt == null ? DataMigrationStatus.State.NEVER_RUN
                    : cp.completed ? DataMigrationStatus.State.COMPLETED : DataMigrationStatus.State.IN_PROGRESS;
            return new DataMigrationStatus(migration.name(), state, cp.position, cp.written, Optional.ofNullable(cp.updatedAt),
                    Optional.ofNullable(cp.backupId));
        }
    }

    static DataTarget anyTarget(DataMigration m) {
        return m.defaultTarget() != null ? m.defaultTarget() : m.targets().values().iterator().next();
    }

    /** How the source's backend rebuilds its own key types (MongoDB's ObjectId) from a checkpoint. */
    Checkpoint.KeyTypes sourceKeyTypes(DataMigration m) {
        String connection = m.source() instanceof RecordSource.Table t ? t.connection()
                : m.source() instanceof RecordSource.Collection c ? c.connection() : null;
        // Looked up only when a checkpoint holds such a key: reading one never needs the source connection otherwise.
        return connection == null ? Checkpoint.KeyTypes.NONE
                : (type, text) -> backend(connection, m).keyValue(type, text);
    }

    Backend backend(String connection, DataMigration m) {
        Backend b = backends.get(connection);
        if (b == null) {
            throw new ConfigurationException("Data migration " + m.name() + " uses connection '" + connection
                    + "', which this manager does not have; it has " + backends.keySet() + ".");
        }
        return b;
    }

    /** A table's schema and name. */
    record TableName(String schema, String name) {}

    /** {@code schema.table} or {@code table} (in the backend's default schema) as schema and name. */
    static TableName split(String qualified, Backend backend) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new TableName(backend.defaultSchema(), qualified)
                : new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** A session on the migration's target connection; the caller closes it. */
    static DataWriteSession writerOn(Backend targetBackend, DataMigration m) {
        return targetBackend.openDataWriter().orElseThrow(() -> new DataMigrationException(ErrorCode.DATA_TARGET_INVALID,
                "Connection '" + anyTarget(m).connection() + "' (" + targetBackend.product() + ") cannot be written "
                        + "to by data migrations; write to a PostgreSQL, MySQL/MariaDB or MongoDB connection, or use a "
                        + "backend that implements DataWriteSession.", null, null));
    }

    /** A target table as resolved for a run. */
    static final class TargetTable {
        final DataTarget target;
        final String schema;
        final TableInfo info;
        final String qualified;
        final boolean document;
        final List<String> keys;
        final Map<String, ColumnInfo> columns = new LinkedHashMap<>();
        final Map<String, String> lowerCase = new LinkedHashMap<>();
        boolean optimistic;

        TargetTable(DataTarget target, String schema, TableInfo info) {
            this.target = target;
            this.schema = schema;
            this.info = info;
            this.qualified = info.qualifiedName();
            this.document = info.columns().size() == 1 && info.columns().get(0).kind() == ValueKind.DOCUMENT;
            for (ColumnInfo c : info.columns()) {
                columns.put(c.name(), c);
                lowerCase.putIfAbsent(c.name().toLowerCase(java.util.Locale.ROOT), c.name());
            }
            List<String> k = new ArrayList<>();
            for (String key : target.keys()) {
                k.add(document ? key : column(key));
            }
            this.keys = java.util.Collections.unmodifiableList(k); // null where a key column is missing (refused later)
        }

        /** The column a field goes to: the same name, else the same name ignoring case; {@code null} when none. */
        String column(String field) {
            return columns.containsKey(field) ? field : lowerCase.get(field.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One run. Its parts get what they need and no more: the source's opening and fingerprint ({@link SourceOpener}),
     * the backup it owns and restores ({@link RunBackup}), the progress events ({@link ProgressThrottle}), the target
     * tables ({@link RunTargets}); the pipeline or native copy writes through the methods at the end.
     */
    static final class Run {
        private final DataRunner runner;
        private final DataMigration m;
        private final DataMigrationOptions o;
        /** The migration's own listeners, then the manager's. */
        private final List<DataMigrationListener> listeners;
        private final Backend targetBackend;
        private final String checkpointSchema;
        private final Map<String, TargetTable> tablesByType = new LinkedHashMap<>();
        private final Map<String, TargetTable> tables = new LinkedHashMap<>();
        private final Instant startedAt = Instant.now();
        private final Report report;
        private final Records records;
        private final ProgressThrottle progress;
        private final RunBackup backup;
        private Checkpoint cp;
        private long resumedAfter;
        private String targetFormat;
        /** The checkpoint as stored when this run started: what a restore of this run's backup goes back to. */
        private String startCheckpoint;
        /** Rows per target table when this run started, and the rows this run inserted: what verification checks. */
        private final Map<String, Long> rowsAtRunStart = new LinkedHashMap<>();
        private final Map<String, Long> writtenBeforeRun = new LinkedHashMap<>();
        private final Map<String, Long> insertedByRun = new LinkedHashMap<>();

        Run(DataRunner runner, DataMigration m, DataMigrationOptions o) {
            this.runner = runner;
            this.m = m;
            this.o = o;
            DataTarget any = anyTarget(m);
            this.targetBackend = runner.backend(any.connection(), m);
            this.checkpointSchema = split(any.table(), targetBackend).schema();
            this.report = new Report(m, o, startedAt);
            this.records = new Records(m, o);
            this.listeners = runner.managerListeners.isEmpty() ? o.listeners()
                    : Stream.concat(o.listeners().stream(), runner.managerListeners.stream()).toList();
            this.progress = new ProgressThrottle(m.name(), listeners);
            Backend target = targetBackend;
            this.backup = new RunBackup(m, o, runner.backups, progress, new RunBackup.CheckpointHome(
                    () -> writerOn(target, m), checkpointSchema, runner.sourceKeyTypes(m)));
        }

        DataMigrationResult execute() {
            try (DataWriteSession first = openWriter()) {
                RunTargets resolved = RunTargets.resolve(first, m, targetBackend);
                tables.putAll(resolved.byName());
                tablesByType.putAll(resolved.byType());
                targetFormat = first.nativeWriter().map(NativeWriter::format).orElse(null);
                if (!o.dryRun()) {
                    first.prepareCheckpoints(checkpointSchema);
                }
                startCheckpoint = o.dryRun() && !hasCheckpointTable(first) ? null
                        : first.loadCheckpoint(checkpointSchema, m.name()).orElse(null);
                cp = o.restart() ? new Checkpoint() : Checkpoint.fromJson(startCheckpoint, m.name(), runner.sourceKeyTypes(m));
                resumedAfter = cp.position;
                SourceOpener.checkDefinition(m, o, cp);
                for (TargetTable t : tables.values()) {
                    rowsAtRunStart.put(t.qualified, first.count(t.info));
                    writtenBeforeRun.put(t.qualified, cp.writtenByTable.getOrDefault(t.qualified, 0L));
                }
                if (cp.firstStartedAt == null) {
                    cp.firstStartedAt = startedAt;
                    for (TargetTable t : tables.values()) {
                        long rows = rowsAtRunStart.get(t.qualified);
                        cp.emptyAtStart.put(t.qualified, rows == 0);
                        cp.rowsAtStart.put(t.qualified, rows);
                    }
                }
                for (TargetTable t : tables.values()) {
                    t.optimistic = !o.dryRun() && Boolean.TRUE.equals(cp.emptyAtStart.get(t.qualified)) && cp.position == 0;
                }
            } catch (DataMigrationException e) {
                throw report.failed(e, null, 0, null, null);
            }
            for (DataMigrationListener l : listeners) {
                l.before(m, o); // an exception here stops the run before anything is written
            }
            SourceCursor source;
            NativeCopy copy;
            try {
                // The native path reads its first batch here, before the backup, as the record path's cursor starts to.
                copy = NativeCopy.open(this, targetFormat);
                source = copy == null ? new SourceOpener(m, cp, connection -> runner.backend(connection, m), runner.store)
                        .openAtCheckpoint() : null;
            } catch (DataMigrationException e) {
                throw report.failed(e, cp, resumedAfter, null, null);
            }
            try (source; copy) {
                if (copy != null) {
                    // A native copy writes from its first batch on: the backup comes first.
                    ensureBackup();
                    copy.run();
                } else {
                    try (Pipeline pipeline = new Pipeline(this, source)) {
                        pipeline.run();
                    }
                }
                cp.completed = true;
                if (!o.dryRun()) {
                    saveFinalCheckpoint();
                }
            } catch (RuntimeException e) {
                DataMigrationException failure = asFailure(e);
                Report.Restored restored = backup.restoreAfter(failure, cp, new RunBackup.Start(startCheckpoint,
                        resumedAfter));
                LOG.error("[{}] Data migration failed{}: {}", m.name(), restored != null && restored.backupId() != null
                        ? " and the targets were restored" : "",
                        failure.getMessage());
                DataMigrationException thrown = report.failed(failure, cp, resumedAfter, backup.id(), restored);
                for (DataMigrationListener l : listeners) {
                    try {
                        l.onFailure(thrown);
                    } catch (RuntimeException le) {
                        LOG.warn("[{}] A listener's onFailure threw: {}", m.name(), le.toString());
                    }
                }
                throw thrown;
            }
            Optional<DataVerification> verification = Optional.empty();
            if (o.verify() && !o.dryRun()) {
                progress(DataProgress.Stage.VERIFY, cp.read, -1, 0);
                LOG.debug("[{}] Verifying", m.name());
                verification = Optional.of(new Verifier(runner, m, tables, cp, this).verify());
                if (!verification.get().isValid()) {
                    LOG.warn("[{}] Verification after the data migration found: {}", m.name(), verification.get().problems());
                }
                if (!verification.get().notes().isEmpty()) {
                    LOG.info("[{}] Verification notes: {}", m.name(), verification.get().notes());
                }
            }
            DataMigrationResult result = report.result(cp, resumedAfter, Optional.ofNullable(backup.id()), false,
                    verification);
            progress(DataProgress.Stage.DONE, result.read(), result.read(), result.recordsPerSecond());
            report.write(result);
            LOG.info("[{}] {}: read {}, written {}, skipped {}, failed {}, conflicts {} in {} ms ({} records/s)", m.name(),
                    o.dryRun() ? "Dry run" : "Data migration done", result.read(), result.written(), result.skipped(),
                    result.failed(), result.conflicts(), result.duration().toMillis(), Math.round(result.recordsPerSecond()));
            for (DataMigrationListener l : listeners) {
                try {
                    l.after(result);
                } catch (RuntimeException e) {
                    LOG.warn("[{}] A listener's after threw: {}", m.name(), e.toString());
                }
            }
            return result;
        }

        private boolean hasCheckpointTable(DataWriteSession w) {
            return w.describe(checkpointSchema, "migrator_data_checkpoints").isPresent();
        }

        DataWriteSession openWriter() {
            return writerOn(targetBackend, m);
        }

        TargetTable tableFor(String type) {
            TargetTable t = tablesByType.get(type);
            return t != null ? t : tablesByType.get("*");
        }

        /** Whether the source is read by position (and so fingerprinted record by record), not by key. */
        boolean readsByPosition() {
            return SourceOpener.readsByPosition(m);
        }

        /** Takes this run's backup before its first write, once: see {@link RunBackup#ensure}. */
        void ensureBackup() {
            backup.ensure(cp, tables.values());
        }

        private void saveFinalCheckpoint() {
            try (DataWriteSession w = openWriter()) {
                w.begin();
                w.saveCheckpoint(checkpointSchema, m.name(), cp.toJson());
                w.commit();
            }
        }

        private DataMigrationException asFailure(RuntimeException e) {
            if (e instanceof DataMigrationException d) {
                return d;
            }
            if (e instanceof MigratorException me) {
                return new DataMigrationException(ErrorCode.DATA_FAILED, "Data migration " + m.name() + " failed: "
                        + me.getMessage(), null, e);
            }
            return new DataMigrationException(ErrorCode.DATA_FAILED, "Data migration " + m.name() + " failed: " + e, null, e);
        }

        // What the pipeline, the native copy and the verifier use of the run.

        DataMigration migration() {
            return m;
        }

        Backend backendOf(String connection) {
            return runner.backend(connection, m);
        }

        DataMigrationOptions options() {
            return o;
        }

        Records records() {
            return records;
        }

        Report report() {
            return report;
        }

        Checkpoint checkpoint() {
            return cp;
        }

        String checkpointSchema() {
            return checkpointSchema;
        }

        /** Tells the listeners, throttled: see {@link ProgressThrottle}. */
        void progress(DataProgress.Stage stage, long done, long total, double rate) {
            progress.progress(stage, done, total, rate);
        }

        Map<String, TargetTable> tables() {
            return tables;
        }

        /** Counts rows this run inserted into a target table (once their batch committed). */
        void inserted(String table, long rows) {
            insertedByRun.merge(table, rows, Long::sum);
        }

        long rowsAtRunStart(String table) {
            return rowsAtRunStart.getOrDefault(table, 0L);
        }

        long writtenBeforeRun(String table) {
            return writtenBeforeRun.getOrDefault(table, 0L);
        }

        long insertedByRun(String table) {
            return insertedByRun.getOrDefault(table, 0L);
        }
    }
}
