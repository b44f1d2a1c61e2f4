package dev.migrator.core.internal.backup;


import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import javax.crypto.SecretKey;

/**
 * Compares a backup with live tables: after a restore's load, inside its transaction (so that a mismatch rolls it
 * back), and on its own ({@code verify(id)}) through a snapshot. Row counts and content checksums, table by table.
 */
final class BackupVerification {

    private final FileBackupStore store;

    BackupVerification(FileBackupStore store) {
        this.store = store;
    }

    public VerifyReport verify(String id, Target target, Map<String, Backend> backends) {
        BackupManifest m = store.manifest(id);
        VerifyReport files = store.verify(id);
        String connection = target != null ? target.connection() : m.source().connection();
        Backend backend = backends.get(connection);
        if (backend == null) {
            throw new ConfigurationException("Backup " + id + " was taken from connection '" + connection + "', which this "
                    + "manager does not have; add it, or verify against another with verify(id, target).");
        }
        return compare(m, m.tables(), backend, connection, target != null ? target.schema() : null, files);
    }

    VerifyReport compare(BackupManifest m, List<BackupManifest.Table> tables, Backend backend, String connection,
            String schemaOverride, VerifyReport files) {
        DocumentCodec documents = BackupDocuments.codec(backend, connection,
                tables.stream().map(FileBackupStore::columnsOf).toList());
        List<VerifyReport.TableComparison> comparisons = new ArrayList<>();
        try (SnapshotSession snapshot = backend.openSnapshot().orElseThrow(() -> new ConfigurationException(
                backend.product() + " backend cannot read tables for backups."))) {
            for (BackupManifest.Table t : tables) {
                String schema = schemaOverride != null ? schemaOverride : t.name().substring(0, t.name().indexOf('.'));
                String name = t.name().substring(t.name().indexOf('.') + 1);
                String liveName = schema + "." + name;
                TableInfo live = snapshot.describe(schema, name).orElse(null);
                if (live == null) {
                    comparisons.add(new VerifyReport.TableComparison(t.name(), liveName, t.rowCount(), -1, false,
                            liveName + " does not exist"));
                    continue;
                }
                List<String> mismatches = new ArrayList<>();
                TableInfo aligned = BackupRunner.align(t, live, mismatches);
                if (aligned == null) {
                    comparisons.add(new VerifyReport.TableComparison(t.name(), liveName, t.rowCount(), -1, false,
                            String.join("; ", mismatches)));
                    continue;
                }
                comparisons.add(comparison(t, liveName, documents, sink -> snapshot.read(aligned, sink)));
            }
        }
        return new VerifyReport(m.id(), files.files(), comparisons);
    }

    /**
     * Compares each loaded table, read inside the load's transaction, with the backup's row count and content checksum.
     *
     * @throws BackupException on the first table that differs, for the caller to roll back
     */
    VerifyReport verifyLoaded(BackupManifest m, List<TableInfo> live, Map<String, BackupManifest.Table> byLive,
            LoadSession load, VerifyReport files, SecretKey key, String connection, DocumentCodec documents) {
        List<VerifyReport.TableComparison> comparisons = new ArrayList<>();
        for (TableInfo info : live) {
            BackupManifest.Table t = byLive.get(info.qualifiedName());
            VerifyReport.TableComparison c = comparison(t, info.qualifiedName(), documents, sink -> load.read(info, sink));
            if (!c.matches()) {
                throw loadedDiffers(m, t, c, key, connection);
            }
            comparisons.add(c);
        }
        return new VerifyReport(m.id(), files.files(), comparisons);
    }

    /**
     * Why a loaded table differs from the backup: its file's rows do not sum to the manifest's content checksum (the
     * file was edited and its SHA-256 in the manifest with it: corrupt), or they do and the table changed them on the way
     * in (a mismatch of the target). Reads the file again, only on this failure path.
     */
    private BackupException loadedDiffers(BackupManifest m, BackupManifest.Table t, VerifyReport.TableComparison c,
            SecretKey key, String connection) {
        LiveChecksum file = new LiveChecksum(FileBackupStore.columnsOf(t), t.contentChecksum());
        // Without a codec: the file's documents stay the text it holds, so this checks the file alone.
        try (RowReader reader = store.open(m, t, key, null)) {
            for (Object[] row = reader.next(); row != null; row = reader.next()) {
                file.add(row);
            }
        }
        String found = "after loading, " + c.liveTable() + " does not match the backup (" + c.problem() + ")";
        if (file.rows() != t.rowCount() || !file.value().equals(t.contentChecksum())) {
            return new BackupException(ErrorCode.BACKUP_CORRUPT, "Backup " + m.id() + " is damaged, so it was not restored: "
                    + found + ", and the rows of its file do not match the manifest's content checksum although the file "
                    + "matches its SHA-256: the file and the manifest were both edited, which only an encrypted backup "
                    + "detects before loading. Restore another backup.");
        }
        return new BackupException(ErrorCode.RESTORE_MISMATCH, "Cannot restore backup " + m.id() + " into connection '"
                + connection + "': " + found + ", although the rows of the backup's file match its checksums: the table "
                + "changed values on the way in (a narrower type, a trigger, a default). Give the table the backup's column "
                + "types (manager.backups().manifest(id).tables() lists them), or restore into a schema that has them with "
                + "RestoreRequest.target(...).");
    }

    /** A table's rows, streamed by {@code read}, compared with the backup's row count and content checksum. */
    private static VerifyReport.TableComparison comparison(BackupManifest.Table t, String liveName, DocumentCodec documents,
            ToLongFunction<RowSink> read) {
        LiveChecksum sum = new LiveChecksum(FileBackupStore.columnsOf(t), t.contentChecksum(), documents);
        read.applyAsLong(sum::add);
        boolean sameCount = sum.rows() == t.rowCount();
        boolean sameContent = sum.value().equals(t.contentChecksum());
        String problem = sameCount && sameContent ? null
                : !sameCount ? t.rowCount() + " rows in the backup, " + sum.rows() + " live"
                        : "same row count (" + t.rowCount() + ") but different content";
        return new VerifyReport.TableComparison(t.name(), liveName, t.rowCount(), sum.rows(), sameCount && sameContent,
                problem);
    }
}
