package dev.migrator.core.internal.data;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataRecord;
import dev.migrator.api.DataTarget;
import dev.migrator.api.DataVerification;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigratorException;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.core.internal.backup.LiveChecksum;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.NativeWriter;
import dev.migrator.spi.QueryReader;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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

    /**
     * @param backends the manager's backends by connection name
     * @param backups takes the run's backup and restores it after a failure
     */
    public DataRunner(Map<String, Backend> backends, FileBackupStore store, BackupEngine backups) {
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
        try (DataWriteSession w = backend.openDataWriter().orElseThrow(() -> new UnsupportedOperationException(
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

    // ------------------------------------------------------------------ one run

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
            if (columns.containsKey(field)) {
                return field;
            }
            return lowerCase.get(field.toLowerCase(java.util.Locale.ROOT));
        }
    }

    static final class Run {
        private final DataRunner runner;
        private final DataMigration m;
        private final DataMigrationOptions o;
        private final Backend targetBackend;
        private final String checkpointSchema;
        private final Map<String, TargetTable> tablesByType = new LinkedHashMap<>();
        private final Map<String, TargetTable> tables = new LinkedHashMap<>();
        private final Instant startedAt = Instant.now();
        private final Report report;
        private final Records records;
        private Checkpoint cp;
        private long resumedAfter;
        private String targetFormat;
        /** The checkpoint as stored when this run started: what a restore of this run's backup goes back to. */
        private String startCheckpoint;
        /** The backup this run took before its first write; null until then (and when it writes nothing). */
        private String runBackupId;
        /** Whether this run has written (or is about to write) to a target. */
        private boolean wrote;
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
        }

        DataMigrationResult execute() {
            List<DataMigrationListener> listeners = o.listeners();
            try (DataWriteSession first = openWriter()) {
                resolveTargets(first);
                targetFormat = first.nativeWriter().map(NativeWriter::format).orElse(null);
                if (!o.dryRun()) {
                    first.prepareCheckpoints(checkpointSchema);
                }
                startCheckpoint = o.dryRun() && !hasCheckpointTable(first) ? null
                        : first.loadCheckpoint(checkpointSchema, m.name()).orElse(null);
                cp = o.restart() ? new Checkpoint() : Checkpoint.fromJson(startCheckpoint, m.name(), runner.sourceKeyTypes(m));
                resumedAfter = cp.position;
                checkDefinition();
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
                source = copy == null ? openSourceAtCheckpoint() : null;
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
                Report.Restored restored = restoreAfter(failure);
                LOG.error("[{}] Data migration failed{}: {}", m.name(), restored != null && restored.backupId() != null
                        ? " and the targets were restored" : "",
                        failure.getMessage());
                DataMigrationException thrown = report.failed(failure, cp, resumedAfter, runBackupId, restored);
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
                verification = Optional.of(new Verifier(runner, m, tables, cp, this).verify());
                if (!verification.get().isValid()) {
                    LOG.warn("[{}] Verification after the data migration found: {}", m.name(), verification.get().problems());
                }
                if (!verification.get().notes().isEmpty()) {
                    LOG.info("[{}] Verification notes: {}", m.name(), verification.get().notes());
                }
            }
            DataMigrationResult result = report.result(cp, resumedAfter, Optional.ofNullable(runBackupId), false,
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
            return targetBackend.openDataWriter().orElseThrow(() -> new DataMigrationException(ErrorCode.DATA_TARGET_INVALID,
                    "Connection '" + anyTarget(m).connection() + "' (" + targetBackend.product() + ") cannot be written "
                            + "to by data migrations; write to a PostgreSQL, MySQL/MariaDB or MongoDB connection, or use a "
                            + "backend that implements DataWriteSession.", null, null));
        }

        /** Every configured target must exist with its key columns before anything is read or written. */
        private void resolveTargets(DataWriteSession w) {
            List<String> problems = new ArrayList<>();
            Map<DataTarget, TargetTable> resolved = new LinkedHashMap<>();
            List<Map.Entry<String, DataTarget>> all = new ArrayList<>(m.targets().entrySet());
            if (m.defaultTarget() != null) {
                all.add(Map.entry("*", m.defaultTarget()));
            }
            for (Map.Entry<String, DataTarget> e : all) {
                DataTarget t = e.getValue();
                TargetTable tt = resolved.get(t);
                if (tt == null) {
                    TableName sn = split(t.table(), targetBackend);
                    TableInfo info = w.describe(sn.schema(), sn.name()).orElse(null);
                    if (info == null) {
                        String kind = targetBackend.tableWord() + " ";
                        problems.add(kind + sn.schema() + "." + sn.name() + " does not exist (create it first, e.g. with migrate())");
                        continue;
                    }
                    tt = new TargetTable(t, sn.schema(), info);
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < t.keys().size(); i++) {
                        if (tt.keys.get(i) == null) {
                            missing.add(t.keys().get(i));
                        }
                    }
                    if (!missing.isEmpty()) {
                        problems.add("table " + info.qualifiedName() + " has no key column " + String.join(", ", missing)
                                + " (its columns: " + tt.columns.keySet() + ")");
                        continue;
                    }
                    resolved.put(t, tt);
                    tables.put(tt.qualified, tt);
                }
                tablesByType.put(e.getKey(), tt);
            }
            if (!problems.isEmpty()) {
                throw new DataMigrationException(ErrorCode.DATA_TARGET_INVALID, "Data migration " + m.name()
                        + " cannot start: " + String.join("; ", problems) + ". Nothing was written.", null, null);
            }
        }

        TargetTable tableFor(String type) {
            TargetTable t = tablesByType.get(type);
            return t != null ? t : tablesByType.get("*");
        }

        // -------------------------------------------------------------- source

        /** Whether the source is read by position (and so fingerprinted record by record), not by key. */
        boolean readsByPosition() {
            return !(m.source() instanceof RecordSource.Table || m.source() instanceof RecordSource.Collection);
        }

        /**
         * Refuses a resume whose definition changed since the checkpoint was written: its position would be a position
         * in other work. A checkpoint of an older version, without a definition, gets this one.
         */
        private void checkDefinition() {
            Map<String, String> now = Definition.of(m, o);
            // Nothing read yet is nothing to resume: the run starts from the first record whatever it is.
            if (cp.definition != null && cp.position > 0) {
                List<String> changes = Definition.changes(cp.definition, now);
                if (!changes.isEmpty()) {
                    throw sourceChanged("its definition changed since the checkpoint was written (" + String.join("; ",
                            changes) + ")");
                }
            }
            cp.definition = now;
        }

        private DataMigrationException sourceChanged(String what) {
            return new DataMigrationException(ErrorCode.DATA_SOURCE_CHANGED, "Data migration " + m.name() + " cannot resume "
                    + "after record " + (cp.position - 1) + ": " + what + ". Nothing was written. Run it again with "
                    + "DataMigrationOptions.restart(true) to start over from the first record, or give the changed "
                    + "migration a new name.", null, null);
        }

        /**
         * The source positioned after the checkpoint. A source read by position is read again from its start up to the
         * checkpoint and its records fingerprinted: a resume continues only over the same records, so an export whose
         * records already read were edited, removed or reordered is refused; records appended after them are read.
         */
        private SourceCursor openSourceAtCheckpoint() {
            if (!readsByPosition()) {
                return openSource();
            }
            FileState file = fileState();
            SourceCursor cursor = openSource();
            long hash = RecordHash.EMPTY;
            long n = 0;
            try {
                for (DataRecord r; n < cp.position && (r = cursor.next()) != null; n++) {
                    hash = RecordHash.add(hash, r);
                }
            } catch (RuntimeException e) {
                cursor.close();
                throw e;
            }
            // A checkpoint of an older version has no fingerprint: it is taken now, and compared from the next run on.
            String problem = n < cp.position ? "its source now has " + n + " records, fewer than the " + cp.position
                    + " already read" : cp.sourceHash != null && hash != cp.sourceHash ? "records among the first "
                    + cp.position + " of its source (already read) were edited, removed or reordered" : null;
            if (problem != null) {
                cursor.close();
                throw sourceChanged(problem + file.since(cp));
            }
            cp.sourceHash = hash;
            file.record(cp);
            return cursor;
        }

        /** A file source's size and modification time, for messages; nothing for other sources. */
        private record FileState(Long size, String modified) {
            void record(Checkpoint c) {
                c.fileSize = size;
                c.fileModified = modified;
            }

            String since(Checkpoint c) {
                if (size == null || c.fileSize == null) {
                    return "";
                }
                return " (the file was " + c.fileSize + " bytes, modified " + c.fileModified + ", when the checkpoint's run "
                        + "started; it is " + size + " bytes, modified " + modified + ", now)";
            }
        }

        private FileState fileState() {
            if (m.source() instanceof RecordSource.JsonFile f) {
                try {
                    return new FileState(java.nio.file.Files.size(f.path()),
                            java.nio.file.Files.getLastModifiedTime(f.path()).toInstant().toString());
                } catch (java.io.IOException | RuntimeException e) {
                    return new FileState(null, null); // the source's own open names what is wrong with the file
                }
            }
            return new FileState(null, null);
        }

        /** The source from its start (tables and collections: after the checkpoint's key). */
        private SourceCursor openSource() {
            RecordSource s = m.source();
            if (s instanceof RecordSource.Table t) {
                return openTable(t.connection(), t.table(), t.where(), t.table().substring(t.table().indexOf('.') + 1));
            }
            if (s instanceof RecordSource.Collection c) {
                return openTable(c.connection(), c.collection(), c.filter(),
                        c.collection().substring(c.collection().indexOf('.') + 1));
            }
            if (s instanceof RecordSource.Query q) {
                Backend b = runner.backend(q.connection(), m);
                DataReadSession r = b.openDataReader().orElseThrow(() -> new UnsupportedOperationException(b.product()
                        + " backend cannot read records for data migrations."));
                TableInfo info;
                QueryReader queries;
                try {
                    queries = r.queries().orElseThrow(() -> new UnsupportedOperationException(
                            "This backend reads tables or collections, not queries."));
                    info = queries.describe(q.sql());
                } catch (RuntimeException e) {
                    r.close();
                    throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "The query of data migration " + m.name()
                            + " cannot be run: " + e.getMessage(), null, e);
                }
                List<String> names = info.columns().stream().map(ColumnInfo::name).toList();
                Map<String, ValueKind> kinds = new LinkedHashMap<>();
                info.columns().forEach(c -> kinds.put(c.name(), c.kind())); // as rowRecord: the last of a name wins
                SourceCursor cursor = SourceCursor.pushed(m.name(), sink -> queries.read(q.sql(), 0, sink),
                        row -> rowRecord(q.type(), names, row), row -> null, -1, kinds);
                return closing(cursor, r);
            }
            if (s instanceof RecordSource.JsonFile f) {
                JsonRecordReader reader = JsonRecordReader.open(f.path(), f.type());
                return SourceCursor.of(iterator(reader::next), -1, reader);
            }
            if (s instanceof RecordSource.Backup b) {
                BackupManifest manifest = runner.store.manifest(b.backupId());
                BackupManifest.Table table = manifest.table(b.table()).orElseThrow(() -> new DataMigrationException(
                        ErrorCode.DATA_SOURCE_INVALID, "Backup " + b.backupId() + " has no table " + b.table() + "; it has "
                                + manifest.tables().stream().map(BackupManifest.Table::name).toList() + ".", null, null));
                String type = b.table().substring(b.table().indexOf('.') + 1);
                boolean document = table.columns().size() == 1 && "DOCUMENT".equals(table.columns().get(0).kind());
                Stream<Map<String, Object>> rows = runner.store.records(b.backupId(), b.table(), b.key());
                java.util.Iterator<Map<String, Object>> it = rows.iterator();
                return SourceCursor.of(iterator(() -> {
                    if (!it.hasNext()) {
                        return null;
                    }
                    Map<String, Object> row = it.next();
                    if (document) {
                        Object doc = row.values().iterator().next();
                        return DataRecord.of(type, jsonObject(doc));
                    }
                    return DataRecord.of(type, row);
                }), table.rowCount(), rows::close);
            }
            if (s instanceof RecordSource.Records r) {
                java.util.Iterator<? extends Map<String, ?>> it = r.records().iterator();
                long total = r.records() instanceof Collection<?> c ? c.size() : -1;
                return SourceCursor.of(iterator(() -> it.hasNext() ? DataRecord.of(r.type(), it.next()) : null), total, () -> {});
            }
            throw new IllegalStateException("unknown source " + s);
        }

        private static Map<String, Object> jsonObject(Object doc) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = doc instanceof Map<?, ?> mm ? (Map<String, Object>) mm
                        : Coercion.JSON.readValue(doc.toString(), LinkedHashMap.class);
                return map;
            } catch (java.io.IOException e) {
                throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "A document of the backup is not JSON: "
                        + e.getMessage(), null, e);
            }
        }

        private SourceCursor openTable(String connection, String qualified, String filter, String type) {
            Backend b = runner.backend(connection, m);
            DataReadSession r = b.openDataReader().orElseThrow(() -> new DataMigrationException(
                    ErrorCode.DATA_SOURCE_INVALID, "Connection '" + connection + "' (" + b.product() + ") cannot be read "
                            + "by data migrations; read from a PostgreSQL, MySQL/MariaDB or MongoDB connection, or export the "
                            + "data to a JSON file and use RecordSource.jsonFile(...).", null, null));
            try {
                TableName sn = split(qualified, b);
                TableInfo info = r.describe(sn.schema(), sn.name()).orElse(null);
                if (info == null) {
                    throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "The source table " + sn.schema() + "." + sn.name()
                            + " of data migration " + m.name() + " does not exist on connection '" + connection
                            + "'. Nothing was written.", null, null);
                }
                if (info.primaryKey().isEmpty()) {
                    throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "The source table " + info.qualifiedName()
                            + " has no primary key; a data migration reads tables in key order so that it can resume. "
                            + "Add a primary key, or read it with RecordSource.query(...) ordered by a unique column.", null, null);
                }
                boolean document = info.columns().size() == 1 && info.columns().get(0).kind() == ValueKind.DOCUMENT;
                List<String> names = info.columns().stream().map(ColumnInfo::name).toList();
                int[] keyIndex = info.primaryKey().stream().mapToInt(names::indexOf).toArray();
                long total = r.count(info, filter).orElse(-1); // the cursor's "unknown"
                Object[] after = cp.after;
                Function<Object[], DataRecord> toRecord = document
                        ? row -> DataRecord.of(type, mapOf(row[0]))
                        : row -> rowRecord(type, names, row);
                Function<Object[], Object[]> keyOf = document
                        ? row -> new Object[] {mapOf(row[0]).get("_id")}
                        : row -> {
                            Object[] k = new Object[keyIndex.length];
                            for (int i = 0; i < k.length; i++) {
                                k[i] = row[keyIndex[i]];
                            }
                            return k;
                        };
                Map<String, ValueKind> kinds = new LinkedHashMap<>();
                if (!document) {
                    info.columns().forEach(c -> kinds.put(c.name(), c.kind()));
                }
                SourceCursor cursor = SourceCursor.pushed(m.name(), sink -> r.read(info, filter, info.primaryKey(), after, sink),
                        toRecord, keyOf, total < 0 ? -1 : total + cp.position, kinds);
                return closing(cursor, r);
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> mapOf(Object doc) {
            return (Map<String, Object>) doc;
        }

        private static DataRecord rowRecord(String type, List<String> names, Object[] row) {
            Map<String, Object> fields = new LinkedHashMap<>(names.size() * 2);
            for (int i = 0; i < row.length; i++) {
                fields.put(names.get(i), row[i]);
            }
            return DataRecord.of(type, fields);
        }

        private static SourceCursor closing(SourceCursor cursor, AutoCloseable session) {
            return new SourceCursor() {
                @Override
                DataRecord next() {
                    return cursor.next();
                }

                @Override
                Object[] lastKey() {
                    return cursor.lastKey();
                }

                @Override
                long total() {
                    return cursor.total();
                }

                @Override
                Map<String, ValueKind> kinds() {
                    return cursor.kinds();
                }

                @Override
                public void close() {
                    cursor.close();
                    try {
                        session.close();
                    } catch (Exception e) {
                        LOG.debug("closing the source session: {}", e.toString());
                    }
                }
            };
        }

        private static java.util.Iterator<DataRecord> iterator(java.util.function.Supplier<DataRecord> next) {
            return new java.util.Iterator<>() {
                DataRecord pending;
                boolean fetched;

                @Override
                public boolean hasNext() {
                    if (!fetched) {
                        pending = next.get();
                        fetched = true;
                    }
                    return pending != null;
                }

                @Override
                public DataRecord next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    fetched = false;
                    return pending;
                }
            };
        }

        // -------------------------------------------------------------- backup and restore

        private String takeBackup() {
            Map<String, List<String>> bySchema = new TreeMap<>();
            for (TargetTable t : tables.values()) {
                bySchema.computeIfAbsent(t.schema, k -> new ArrayList<>()).add(t.qualified);
            }
            if (bySchema.size() > 1) {
                // One backup is one snapshot of one target; a migration writing to several schemas gets the first
                // schema's tables backed up together with the others named explicitly.
                LOG.debug("[{}] backing up tables of schemas {}", m.name(), bySchema.keySet());
            }
            List<String> names = new ArrayList<>();
            bySchema.values().forEach(names::addAll);
            String label = ("data_" + m.name()).replaceAll("[^A-Za-z0-9_]", "_");
            label = label.length() > 40 ? label.substring(0, 40) : label;
            BackupManifest manifest = runner.backups.backup(BackupRequest.builder()
                    .target(Target.of(anyTarget(m).connection(), bySchema.keySet().iterator().next()))
                    .tables(names).label(label).build());
            LOG.info("[{}] Backed up {} before the data migration: {}", m.name(), names, manifest.id());
            return manifest.id();
        }

        /**
         * Takes this run's backup of the target tables, once, before its first write (the pipeline calls it before it
         * writes a batch that changes something): a restore after a failure may undo only what this run wrote, so the
         * backup of an earlier run — older than writes made since — is never the one restored.
         */
        void ensureBackup() {
            wrote = true;
            if (runBackupId != null || !o.backup() || o.dryRun()) {
                return;
            }
            progress(DataProgress.Stage.BACKUP, 0, -1, 0);
            runBackupId = takeBackup();
            cp.backupId = runBackupId;
        }

        /**
         * Restores the targets from this run's backup, when the options allow and the run took one (it writes nothing
         * before it has), and puts the checkpoint back to where it stood when this run started, so the checkpoint
         * matches the restored rows: the next run resumes where this one started. A run that wrote nothing has nothing
         * to restore, but its checkpoint goes back all the same: records it only skipped or rejected before it failed
         * are read again by the next run, never passed over.
         */
        private Report.Restored restoreAfter(DataMigrationException failure) {
            if (o.dryRun() || !o.restoreOnFailure() || wrote && runBackupId == null
                    || !wrote && cp.position == resumedAfter) {
                return null; // nothing to put back, or (backup off) no way to
            }
            try {
                if (runBackupId != null) {
                    progress(DataProgress.Stage.RESTORE, 0, -1, 0);
                    runner.backups.restore(runBackupId, RestoreRequest.builder().build());
                }
                try (DataWriteSession w = openWriter()) {
                    w.begin();
                    w.saveCheckpoint(checkpointSchema, m.name(), startCheckpoint != null ? startCheckpoint
                            : Checkpoint.reset());
                    w.commit();
                }
                if (runBackupId != null) {
                    LOG.warn("[{}] Restored the targets from backup {}, taken by this run before its first write; the "
                            + "next run resumes where this one started.", m.name(), runBackupId);
                }
                return new Report.Restored(positionAtStart(), runBackupId);
            } catch (RuntimeException e) {
                LOG.error("[{}] Restoring backup {} after the failure failed too: {}. Restore it by hand with "
                        + "manager.restore(\"{}\", RestoreRequest.defaults()).", m.name(), runBackupId, e.getMessage(),
                        runBackupId);
                failure.addSuppressed(e);
                return null;
            }
        }

        /** The position of the checkpoint as it stood when this run started (0 when there was none). */
        private long positionAtStart() {
            try {
                return Checkpoint.fromJson(startCheckpoint, m.name(), runner.sourceKeyTypes(m)).position;
            } catch (RuntimeException e) {
                return 0; // an unreadable checkpoint, replaced by restart(true): the next run refuses it again
            }
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

        // -------------------------------------------------------------- used by the pipeline

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

        Instant startedAt() {
            return startedAt;
        }

        private long lastProgress;
        private DataProgress.Stage lastStage;
        /** The newest migrate-stage progress held back by the throttle, sent before the next stage's. */
        private DataProgress heldBack;

        /**
         * Tells the listeners. Migrate-stage progress is sent at most ten times a second, but the first of the stage is
         * always sent, and the last one held back goes out before the next stage: a listener always sees the stage
         * start and its final count, however fast the run.
         */
        void progress(DataProgress.Stage stage, long done, long total, double rate) {
            long now = System.nanoTime();
            DataProgress p = new DataProgress(m.name(), stage, done, total, rate);
            if (stage == DataProgress.Stage.MIGRATE) {
                if (lastStage == DataProgress.Stage.MIGRATE && now - lastProgress < 100_000_000L) {
                    heldBack = p;
                    return;
                }
            } else if (heldBack != null) {
                tell(heldBack);
            }
            heldBack = null;
            lastProgress = now;
            lastStage = stage;
            tell(p);
        }

        private void tell(DataProgress p) {
            for (DataMigrationListener l : o.listeners()) {
                try {
                    l.onProgress(p);
                } catch (RuntimeException e) {
                    LOG.warn("[{}] A listener's onProgress threw: {}", m.name(), e.toString());
                }
            }
        }

        Set<String> tableNames() {
            return new LinkedHashSet<>(tables.keySet());
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

    /** The strategy of a record type (for the pipeline). */
    static ConflictStrategy strategy(DataMigration m, String type) {
        return m.conflict(type);
    }
}
