package dev.migrator.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a data migration's records into tables or collections in batches, each batch and its checkpoint in one
 * transaction where the database allows. Rows are in the order of the {@link TableInfo} given, which may hold only
 * some of the table's columns (those the records carry); values are Java values of their {@link ValueKind}, as for
 * {@link LoadSession} (MongoDB: one {@code document} column of {@code Map<String, Object>}). Not thread-safe.
 */
public interface DataWriteSession extends AutoCloseable {

    /** A table or collection; empty when it does not exist. */
    Optional<TableInfo> describe(String schema, String table);

    /** Rows in a table or collection. */
    long count(TableInfo table);

    /** Whether a batch's writes and its checkpoint commit together ({@link #commit()}) or are undone ({@link #rollback()}). */
    boolean transactional();

    /**
     * Creates the checkpoint table or collection {@code migrator_data_checkpoints} in the schema when missing; called
     * outside a batch (MySQL's DDL commits).
     */
    void prepareCheckpoints(String schema);

    /** The checkpoint state stored for a migration (a JSON text); empty when none is stored. */
    Optional<String> loadCheckpoint(String schema, String migration);

    /** Stores a migration's checkpoint state, inside the current batch's transaction. */
    void saveCheckpoint(String schema, String migration, String state);

    /** Starts a batch's transaction (where there is one). */
    void begin();

    /**
     * The existing rows whose keys are among {@code keys}, each in {@code table.columns()} order.
     *
     * @param keyColumns the key's columns
     * @param keys key tuples, in {@code keyColumns} order
     */
    List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys);

    /** Inserts rows through the bulk path (PostgreSQL {@code COPY}, multi-row inserts, {@code insertMany}). */
    void insert(TableInfo table, List<Object[]> rows);

    /**
     * Inserts rows, or replaces the given columns of the rows with the same key — except the table's primary-key columns
     * that are not among {@code keyColumns} (a document's {@code _id}): those are written on insert only, so an update
     * never changes the identity of an existing row.
     */
    void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows);

    /** Commits the batch. */
    void commit();

    /** Rolls the batch back where possible; never throws for a broken connection. */
    void rollback();

    /**
     * Whether a failure may pass when the batch is tried again on a new session: a lost connection, a deadlock, a
     * serialization failure, a lock wait timeout.
     */
    boolean isTransient(RuntimeException failure);

    /**
     * For each foreign key of a table, the rows whose referenced row does not exist (by constraint name); empty
     * where the backend has no foreign keys.
     */
    default Map<String, Long> orphans(TableInfo table) {
        return Map.of();
    }

    /**
     * Writing batches in a native bulk format, as a {@link NativeReader} of the same {@link NativeWriter#format()}
     * produced them: a capability, empty (the default) when the backend has none (records are then written with
     * {@link #insert}). The writer works inside this session's current batch.
     */
    default Optional<NativeWriter> nativeWriter() {
        return Optional.empty();
    }

    /** Returns the connection. */
    @Override
    void close();
}
