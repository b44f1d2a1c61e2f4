/**
 * What a backend implements, found with {@link java.util.ServiceLoader} as a {@link dev.migrator.spi.BackendProvider}
 * (and, for metadata stored in a database, a {@link dev.migrator.spi.MetadataLoaderProvider}). The engine owns every
 * rule (what is pending, what a checksum change means); a backend only stores rows, takes locks and runs statements.
 *
 * <p>A {@link dev.migrator.spi.Backend} offers a few small roles, each beyond the first a capability ({@code Optional}),
 * never a default method that throws:
 * <ul>
 *   <li><b>target session</b> ({@link dev.migrator.spi.TargetSession}): the history store
 *       ({@link dev.migrator.spi.HistoryStore}), the lock ({@link dev.migrator.spi.TargetLock}), script execution,
 *       transactions where the database has them;
 *   <li><b>record reader</b> ({@link dev.migrator.spi.RecordReader}): a table or collection as a stream of rows, played
 *       by {@link dev.migrator.spi.SnapshotSession} for backups and comparisons (one consistent moment, optionally
 *       shared by parallel readers) and {@link dev.migrator.spi.DataReadSession} for data migrations (filtered, in key
 *       order, resumable);
 *   <li><b>record writer</b> ({@link dev.migrator.spi.RecordWriter}): bulk inserts in a transaction, played by
 *       {@link dev.migrator.spi.LoadSession} for restores and {@link dev.migrator.spi.DataWriteSession} for data
 *       migrations (with upserts and lookups by key);
 *   <li><b>checkpoint store</b> ({@link dev.migrator.spi.CheckpointStore}): a data migration's progress, committed with
 *       its batch; played by {@link dev.migrator.spi.DataWriteSession};
 *   <li><b>metadata store</b>: a {@link dev.migrator.spi.MetadataLoaderProvider}'s loader.
 * </ul>
 *
 * <p>One record representation crosses every role: rows of values of the closed set {@link dev.migrator.spi.ValueKind},
 * a document ({@link dev.migrator.spi.ValueKind#DOCUMENT}) as a {@code Map<String, Object>}. Backups store documents as
 * JSON text through the backend's {@link dev.migrator.spi.DocumentCodec} ({@link dev.migrator.spi.Backend#documents()}).
 * The bridge from the API to the engine is in {@code dev.migrator.spi.engine}, not for backend authors.
 */
package dev.migrator.spi;
