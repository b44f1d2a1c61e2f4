package dev.migrator.core.internal.backup;

import dev.migrator.core.internal.util.Identifiers;
import dev.migrator.core.internal.schema.ResolvedTarget;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigratorException;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.KeyRange;
import dev.migrator.spi.RangeReader;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backup, restore and verify over a backend's snapshot and load sessions and the file store. */
public final class BackupRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BackupRunner.class);

    private final FileBackupStore store;
    private final String historyTable;
    private final BackupVerification verifier;

    public BackupRunner(FileBackupStore store, String historyTable) {
        this.store = store;
        this.historyTable = historyTable;
        this.verifier = new BackupVerification(store);
    }

    // ------------------------------------------------------------------ backup

    public BackupManifest backup(ResolvedTarget rt, ConnectionConfig config, BackupRequest request) {
        Instant start = Instant.now();
        Backend backend = rt.backend();
        try (SnapshotSession snapshot = openSnapshot(backend, rt.target().connection())) {
            List<TableInfo> tables = new ArrayList<>();
            if (request.tables().isEmpty()) {
                tables.addAll(snapshot.tables(rt.schema(), List.of(historyTable, historyTable + "_lock")));
                if (tables.isEmpty()) {
                    LOG.warn("{}: schema {} has no tables; the backup is empty", rt.target(), rt.schema());
                }
            } else {
                for (String name : request.tables()) {
                    String schema = name.contains(".") ? name.substring(0, name.indexOf('.')) : rt.schema();
                    String table = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
                    TableInfo info = snapshot.describe(schema, table).orElse(null);
                    if (info == null) {
                        throw new ConfigurationException("Cannot back up " + schema + "." + table + " of connection '"
                                + rt.target().connection() + "': it does not exist. Tables of " + rt.schema() + ": "
                                + snapshot.tables(rt.schema(), List.of(historyTable, historyTable + "_lock")).stream()
                                        .map(TableInfo::name).toList() + ".");
                    }
                    tables.add(info);
                }
            }
            DocumentCodec documents = BackupDocuments.codec(backend, rt.target().connection(),
                    tables.stream().map(TableInfo::columns).toList());
            BackupManifest.Source source = new BackupManifest.Source(config.name(), backend.product(), backend.serverVersion().orElse(null),
                    config.url() == null ? "(DataSource)" : config.maskedUrl());
            try (BackupWriter writer = store.begin(request.label(), source, snapshot.consistency(),
                    request.compression(), request.key())) {
                if (request.parallelism() > 1) {
                    readInParallel(snapshot, tables, writer, request.parallelism(), rt.target(), documents);
                } else {
                    for (int i = 0; i < tables.size(); i++) {
                        copy(snapshot, tables.get(i), writer, i, documents);
                    }
                }
                BackupManifest m = writer.commit(tables.stream().map(TableInfo::qualifiedName).toList(),
                        Duration.between(start, Instant.now()));
                LOG.info("{}: backup {} of {} table(s), {} rows, {} bytes in {} ms", rt.target(), m.id(), m.tables().size(),
                        m.rowCount(), m.byteSize(), m.duration().toMillis());
                return m;
            }
        }
    }

    private static SnapshotSession openSnapshot(Backend backend, String connection) {
        return backend.openSnapshot().orElseThrow(() -> new ConfigurationException("Connection '" + connection + "' ("
                + backend.product() + ") cannot be backed up: its backend does not read tables."));
    }

    private static void copy(SnapshotSession snapshot, TableInfo table, BackupWriter writer, int index,
            DocumentCodec documents) {
        try (BackupWriter.TableWriter out = writer.table(table, index, documents)) {
            snapshot.read(table, out::write);
            out.finish();
        }
    }

    /**
     * Rows per key range at least, when a table is split: below that, the cost of another reader (a connection, a
     * snapshot import, three threads) is more than the time it saves.
     */
    static final long MIN_ROWS_PER_RANGE = 50_000;

    /** One file to write: a whole table, or one key range of a table split into parts. */
    private record Unit(TableInfo table, int index, int part, KeyRange range) {}

    private static void readInParallel(SnapshotSession first, List<TableInfo> tables, BackupWriter writer, int parallelism,
            Target target, DocumentCodec documents) {
        Optional<SnapshotSession> second = first.fork();
        if (second.isEmpty()) {
            LOG.info("{}: this database cannot share a snapshot between connections; reading {} table(s) in turn", target,
                    tables.size());
            for (int i = 0; i < tables.size(); i++) {
                copy(first, tables.get(i), writer, i, documents);
            }
            return;
        }
        List<SnapshotSession> sessions = new ArrayList<>();
        sessions.add(first);
        sessions.add(second.get());
        try {
            List<Unit> units = units(first, tables, parallelism);
            for (int i = sessions.size(); i < Math.min(parallelism, units.size()); i++) {
                sessions.add(first.fork().orElseThrow());
            }
            run(units, sessions, writer, documents);
        } finally {
            for (SnapshotSession s : sessions) {
                if (s != first) {
                    s.close();
                }
            }
        }
    }

    /**
     * The files to write: a table the backend can split (PostgreSQL, one primary-key column, more than
     * {@link #MIN_ROWS_PER_RANGE} rows per range) becomes up to {@code parallelism} key ranges, the others stay whole.
     * Split tables come first, so that the readers start on the largest work and finish together.
     */
    private static List<Unit> units(SnapshotSession snapshot, List<TableInfo> tables, int parallelism) {
        List<Unit> split = new ArrayList<>();
        List<Unit> whole = new ArrayList<>();
        Optional<RangeReader> ranges = snapshot.ranges();
        for (int i = 0; i < tables.size(); i++) {
            TableInfo t = tables.get(i);
            List<KeyRange> parts = ranges.isPresent() ? ranges.get().split(t, parallelism, MIN_ROWS_PER_RANGE)
                    : List.of(KeyRange.ALL);
            if (parts.size() < 2) {
                whole.add(new Unit(t, i, -1, KeyRange.ALL));
            } else {
                LOG.debug("{}: read in {} key ranges", t.qualifiedName(), parts.size());
                for (int p = 0; p < parts.size(); p++) {
                    split.add(new Unit(t, i, p, parts.get(p)));
                }
            }
        }
        split.addAll(whole);
        return split;
    }

    private static void run(List<Unit> units, List<SnapshotSession> sessions, BackupWriter writer, DocumentCodec documents) {
        BlockingQueue<SnapshotSession> free = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size(), r -> {
            Thread t = new Thread(r, "migrator-backup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Unit unit : units) {
                futures.add(pool.submit(() -> {
                    SnapshotSession s = free.take();
                    try {
                        if (unit.part() < 0) {
                            copy(s, unit.table(), writer, unit.index(), documents);
                        } else {
                            RangeReader reader = s.ranges().orElseThrow();
                            try (BackupWriter.TableWriter out = writer.part(unit.table(), unit.index(), unit.part(), documents)) {
                                reader.read(unit.table(), unit.range(), out::write);
                                out.finish();
                            }
                        }
                    } finally {
                        free.put(s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Backup failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Backup interrupted; no partial backup was left.", e);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ restore

    public RestoreResult restore(String id, RestoreRequest request, Map<String, Backend> backends) {
        Instant start = Instant.now();
        BackupManifest m = store.manifest(id);
        List<BackupManifest.Table> chosen = chosen(m, request.tables());
        // Everything that can be wrong with the backup or the key is found before a single row is written.
        VerifyReport files = store.verify(id);
        List<String> damaged = files.files().stream()
                .filter(f -> !f.ok() && chosen.stream().anyMatch(t -> t.name().equals(f.table())))
                .map(f -> f.table() + (f.problem().contains(f.file()) ? "" : " (" + f.file() + ")") + ": " + f.problem())
                .toList();
        if (!damaged.isEmpty()) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "Backup " + id + " is damaged, so nothing was restored: "
                    + String.join("; ", damaged) + ". Restore another backup.");
        }
        SecretKey key = store.secretKey(m, request.key());
        String connection = request.target() != null ? request.target().connection() : m.source().connection();
        Backend backend = backends.get(connection);
        if (backend == null) {
            throw new ConfigurationException("Backup " + id + " restores into connection '" + connection
                    + "', which this manager does not have. Add it, or restore into another with RestoreRequest.target(...).");
        }
        String from = m.source().product();
        if (from != null && !backend.restoresBackupsOf(from)) {
            throw new BackupException(ErrorCode.RESTORE_MISMATCH, "Backup " + id + " was taken from " + m.source().product()
                    + " and connection '" + connection + "' is " + backend.product() + "; a backup restores only into the "
                    + "same kind of database. Restore into a " + from + " connection, or move the data with a data "
                    + "migration. Nothing was changed.");
        }
        String schemaOverride = request.target() != null ? request.target().schema() : null;
        if (schemaOverride != null) {
            Identifiers.requireSchema(schemaOverride, "Restore schema");
        }
        List<RestoreResult.RestoredTable> restored = new ArrayList<>();
        Map<String, BackupManifest.Table> byLive = new LinkedHashMap<>();
        VerifyReport verification = null;
        try (LoadSession load = openLoad(backend, connection)) {
            List<TableInfo> live = new ArrayList<>();
            List<String> mismatches = new ArrayList<>();
            for (BackupManifest.Table t : chosen) {
                String schema = schemaOverride != null ? schemaOverride : t.name().substring(0, t.name().indexOf('.'));
                String name = t.name().substring(t.name().indexOf('.') + 1);
                TableInfo info = load.describe(schema, name).orElse(null);
                if (info == null) {
                    mismatches.add(schema + "." + name + " does not exist (create it first, e.g. with migrate())");
                    continue;
                }
                TableInfo aligned = align(t, info, mismatches);
                if (aligned != null) {
                    live.add(aligned);
                    byLive.put(aligned.qualifiedName(), t);
                }
            }
            if (!mismatches.isEmpty()) {
                throw new BackupException(ErrorCode.RESTORE_MISMATCH, "Cannot restore backup " + id + " into connection '"
                        + connection + "': " + String.join("; ", mismatches) + ". Nothing was changed.");
            }
            DocumentCodec documents = BackupDocuments.codec(backend, connection,
                    live.stream().map(TableInfo::columns).toList());
            List<TableInfo> order = load.loadOrder(live);
            load.begin();
            try {
                load.truncate(order);
                for (TableInfo info : order) {
                    BackupManifest.Table t = byLive.get(info.qualifiedName());
                    try (RowReader reader = store.open(m, t, key, documents);
                            PrefetchedRows prefetched = new PrefetchedRows(reader, t.name())) {
                        long rows = load.load(info, prefetched);
                        if (rows != t.rowCount()) {
                            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "Table " + t.name() + " of backup " + id
                                    + " gave " + rows + " rows; the manifest says " + t.rowCount() + ".");
                        }
                        restored.add(new RestoreResult.RestoredTable(t.name(), info.qualifiedName(), rows));
                    }
                    load.resetSequences(info);
                }
                // Verify before commit, while the load can still be undone: verified after it, a mismatch is only a
                // report about live tables that already hold the wrong rows.
                if (request.verify() && load.transactional()) {
                    verification = verifier.verifyLoaded(m, live, byLive, load, files, key, connection, documents);
                }
                load.commit();
            } catch (RuntimeException e) {
                load.rollback();
                String state = load.transactional() ? "Everything was rolled back; the live tables were left as they were."
                        : "This database cannot roll back a truncate: the tables may be partly loaded. Fix the cause and "
                                + "restore again.";
                if (e instanceof MigratorException me && !(e instanceof BackupException)) {
                    throw new BackupException(ErrorCode.BACKUP_FAILED, "Restore of backup " + id + " failed: "
                            + me.getMessage() + " " + state, e);
                }
                if (e instanceof BackupException be) {
                    throw new BackupException(be.code(), be.getMessage() + " " + state, e);
                }
                throw new BackupException(ErrorCode.BACKUP_FAILED, "Restore of backup " + id + " failed: " + e + ". " + state, e);
            }
        }
        if (request.verify() && verification == null) {
            // A load that cannot roll back (a third-party backend) is compared after the fact, as verify(id) would.
            verification = verifier.compare(m, chosen, backend, connection, schemaOverride, files);
            if (!verification.isValid()) {
                LOG.warn("Restore of {} finished but verification found: {}", id, verification.problems());
            }
        }
        RestoreResult result = new RestoreResult(id, connection, restored, Duration.between(start, Instant.now()), verification);
        LOG.info("Restored backup {} into '{}': {} table(s), {} rows in {} ms", id, connection, restored.size(),
                result.rowCount(), result.duration().toMillis());
        return result;
    }

    private static LoadSession openLoad(Backend backend, String connection) {
        return backend.openLoad().orElseThrow(() -> new ConfigurationException("Connection '" + connection + "' ("
                + backend.product() + ") cannot be restored into: its backend does not load tables."));
    }

    private static List<BackupManifest.Table> chosen(BackupManifest m, List<String> names) {
        if (names.isEmpty()) {
            return m.tables();
        }
        List<BackupManifest.Table> out = new ArrayList<>();
        for (String n : names) {
            out.add(m.table(n).orElseThrow(() -> new ConfigurationException("Backup " + m.id() + " has no table " + n
                    + "; it has " + m.tables().stream().map(BackupManifest.Table::name).toList() + ".")));
        }
        return out;
    }

    /**
     * The live table with its columns in the backup's order, or {@code null} (with the differences added) when the
     * columns differ by name or kind.
     */
    static TableInfo align(BackupManifest.Table t, TableInfo live, List<String> mismatches) {
        Map<String, ColumnInfo> byName = new LinkedHashMap<>();
        live.columns().forEach(c -> byName.put(c.name(), c));
        List<ColumnInfo> ordered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<ColumnInfo> backupColumns = FileBackupStore.columnsOf(t);
        for (ColumnInfo b : backupColumns) {
            ColumnInfo c = byName.remove(b.name());
            if (c == null) {
                missing.add(b.name());
            } else if (c.kind() != b.kind() || c.elementKind() != b.elementKind()) {
                kinds.add(b.name() + " is " + b.type() + " in the backup but " + c.type() + " in the table");
            } else {
                ordered.add(c);
            }
        }
        if (missing.isEmpty() && kinds.isEmpty() && byName.isEmpty()) {
            return new TableInfo(live.schema(), live.name(), ordered, live.primaryKey());
        }
        StringBuilder why = new StringBuilder(live.qualifiedName() + " differs from the backup's " + t.name() + ":");
        if (!missing.isEmpty()) {
            why.append(" columns missing in the table: ").append(missing).append(';');
        }
        if (!byName.isEmpty()) {
            why.append(" columns not in the backup: ").append(byName.keySet()).append(';');
        }
        if (!kinds.isEmpty()) {
            why.append(' ').append(String.join(", ", kinds)).append(';');
        }
        mismatches.add(why.substring(0, why.length() - 1));
        return null;
    }

    // ------------------------------------------------------------------ verify

    public VerifyReport verify(String id, Target target, Map<String, Backend> backends) {
        return verifier.verify(id, target, backends);
    }
}
