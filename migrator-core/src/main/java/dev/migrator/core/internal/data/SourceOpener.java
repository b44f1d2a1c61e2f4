package dev.migrator.core.internal.data;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.QueryReader;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a run's source where its checkpoint stands: tables and collections after the checkpoint's key; every other
 * source (a query, a JSON file, a backup, records in code) read by position, from its start, its records up to the
 * checkpoint fingerprinted. A resume continues only the same work: same definition, same records already read.
 */
final class SourceOpener {

    private static final Logger LOG = LoggerFactory.getLogger(SourceOpener.class);

    private final DataMigration m;
    private final Checkpoint cp;
    private final Function<String, Backend> backends;
    private final FileBackupStore store;

    /**
     * @param cp the run's checkpoint: read for where to start, and given the source's fingerprint
     * @param backends the manager's backend of a connection name (refusing a name it does not have)
     * @param store where a backup source's records are read
     */
    SourceOpener(DataMigration m, Checkpoint cp, Function<String, Backend> backends, FileBackupStore store) {
        this.m = m;
        this.cp = cp;
        this.backends = backends;
        this.store = store;
    }

    /** Whether the source is read by position (and so fingerprinted record by record), not by key. */
    static boolean readsByPosition(DataMigration m) {
        return !(m.source() instanceof RecordSource.Table || m.source() instanceof RecordSource.Collection);
    }

    /**
     * Refuses a resume whose definition changed since the checkpoint was written: its position would be a position
     * in other work. A checkpoint of an older version, without a definition, gets this one.
     */
    static void checkDefinition(DataMigration m, DataMigrationOptions o, Checkpoint cp) {
        Map<String, String> now = Definition.of(m, o);
        // Nothing read yet is nothing to resume: the run starts from the first record whatever it is.
        if (cp.definition != null && cp.position > 0) {
            List<String> changes = Definition.changes(cp.definition, now);
            if (!changes.isEmpty()) {
                throw sourceChanged(m, cp, "its definition changed since the checkpoint was written ("
                        + String.join("; ", changes) + ")");
            }
        }
        cp.definition = now;
    }

    /** The refusal of a resume over other work than the checkpoint's; {@code what} says what changed. */
    static DataMigrationException sourceChanged(DataMigration m, Checkpoint cp, String what) {
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
    SourceCursor openAtCheckpoint() {
        if (!readsByPosition(m)) {
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
            throw sourceChanged(m, cp, problem + file.since(cp));
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
            return openQuery(q);
        }
        if (s instanceof RecordSource.JsonFile f) {
            JsonRecordReader reader = JsonRecordReader.open(f.path(), f.type());
            return SourceCursor.of(iterator(reader::next), reader::estimatedTotal, reader);
        }
        if (s instanceof RecordSource.Backup b) {
            return openBackup(b);
        }
        if (s instanceof RecordSource.Records r) {
            Iterator<? extends Map<String, ?>> it = r.records().iterator();
            long total = r.records() instanceof Collection<?> c ? c.size() : -1;
            return SourceCursor.of(iterator(() -> it.hasNext() ? DataRecord.of(r.type(), it.next()) : null), total, () -> {});
        }
        throw new IllegalStateException("unknown source " + s);
    }

    private SourceCursor openQuery(RecordSource.Query q) {
        Backend b = backends.apply(q.connection());
        DataReadSession r = b.openDataReader().orElseThrow(() -> new ConfigurationException(b.product()
                + " backend cannot read records for data migrations."));
        TableInfo info;
        QueryReader queries;
        try {
            queries = r.queries().orElseThrow(() -> new ConfigurationException(
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

    private SourceCursor openBackup(RecordSource.Backup b) {
        BackupManifest manifest = store.manifest(b.backupId());
        BackupManifest.Table table = manifest.table(b.table()).orElseThrow(() -> new DataMigrationException(
                ErrorCode.DATA_SOURCE_INVALID, "Backup " + b.backupId() + " has no table " + b.table() + "; it has "
                        + manifest.tables().stream().map(BackupManifest.Table::name).toList() + ".", null, null));
        String type = b.table().substring(b.table().indexOf('.') + 1);
        boolean document = table.columns().size() == 1 && "DOCUMENT".equals(table.columns().get(0).kind());
        // Documents are stored as the backend's JSON text (MongoDB: canonical Extended JSON); the records a transform
        // sees are the documents themselves, with the backend's value types, as a live collection gives them.
        DocumentCodec codec = document ? documentCodec(manifest, b.backupId()) : null;
        Stream<Map<String, Object>> rows = store.records(b.backupId(), b.table(), b.key());
        Iterator<Map<String, Object>> it = rows.iterator();
        return SourceCursor.of(iterator(() -> {
            if (!it.hasNext()) {
                return null;
            }
            Map<String, Object> row = it.next();
            if (codec != null) {
                return DataRecord.of(type, decode(codec, row.values().iterator().next(), b.backupId()));
            }
            return DataRecord.of(type, row);
        }), table.rowCount(), rows::close);
    }

    /**
     * The codec that reads a backup's documents back: that of the backup's own connection, else of a target
     * connection, whose backend takes backups of the backup's product and offers one.
     */
    private DocumentCodec documentCodec(BackupManifest manifest, String backupId) {
        BackupManifest.Source source = manifest.source();
        String product = source == null ? null : source.product();
        Set<String> connections = new LinkedHashSet<>();
        if (source != null && source.connection() != null) {
            connections.add(source.connection());
        }
        m.targets().values().forEach(t -> connections.add(t.connection()));
        for (String connection : connections) {
            Backend backend;
            try {
                backend = backends.apply(connection);
            } catch (RuntimeException notConfigured) {
                continue;
            }
            if (product != null && backend.restoresBackupsOf(product) && backend.documents().isPresent()) {
                return backend.documents().get();
            }
        }
        throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "Backup " + backupId + " holds " + product
                + " documents; reading them as records needs a " + product + " connection on this manager to decode "
                + "them (the backup's own connection '" + (source == null ? "?" : source.connection()) + "' or a "
                + "target's). Add that connection to the builder, or read the live collection with "
                + "RecordSource.collection(...). Nothing was written.", null, null);
    }

    private static Map<String, Object> decode(DocumentCodec codec, Object text, String backupId) {
        try {
            return codec.fromJson(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new DataMigrationException(ErrorCode.DATA_SOURCE_INVALID, "A document of backup " + backupId
                    + " cannot be read: " + e.getMessage() + ". Verify the backup (BackupStore.verify); nothing was "
                    + "written from it.", null, e);
        }
    }

    private SourceCursor openTable(String connection, String qualified, String filter, String type) {
        Backend b = backends.apply(connection);
        DataReadSession r = b.openDataReader().orElseThrow(() -> new DataMigrationException(
                ErrorCode.DATA_SOURCE_INVALID, "Connection '" + connection + "' (" + b.product() + ") cannot be read "
                        + "by data migrations; read from a PostgreSQL, MySQL/MariaDB or MongoDB connection, or export the "
                        + "data to a JSON file and use RecordSource.jsonFile(...).", null, null));
        try {
            DataRunner.TableName sn = DataRunner.split(qualified, b);
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

    private static Iterator<DataRecord> iterator(Supplier<DataRecord> next) {
        return new Iterator<>() {
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
                    throw new NoSuchElementException();
                }
                fetched = false;
                return pending;
            }
        };
    }
}
