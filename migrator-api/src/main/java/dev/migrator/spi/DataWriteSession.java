package dev.migrator.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a data migration's records into tables or collections in batches, each batch and its checkpoint in one
 * transaction where the database allows. Rows are in the order of the {@link TableInfo} given, which may hold only
 * some of the table's columns (those the records carry); values are Java values of their {@link ValueKind}, as for
 * {@link LoadSession} (MongoDB: one {@code document} column of {@code Map<String, Object>}). Not thread-safe. The
 * {@link RecordWriter} role of data migrations, and their {@link CheckpointStore}.
 */
public interface DataWriteSession extends RecordWriter, CheckpointStore {

    /** Rows {@link #insertAll} hands to {@link #insert} at a time. */
    int INSERT_CHUNK = 1000;

    /** A table or collection; empty when it does not exist. */
    @Override
    Optional<TableInfo> describe(String schema, String table);

    /**
     * Rows in a table or collection.
     *
     * @param table the table or collection, with its columns
     * @return the number of rows or documents
     */
    long count(TableInfo table);

    /** Whether a batch's writes and its checkpoint commit together ({@link #commit()}) or are undone ({@link #rollback()}). */
    @Override
    boolean transactional();

    /** Starts a batch's transaction (where there is one). */
    @Override
    void begin();

    /**
     * {@return the existing rows whose keys are among {@code keys}, each in {@code table.columns()} order}
     *
     * @param table the table or collection, with its columns
     * @param keyColumns the key's columns
     * @param keys key tuples, in {@code keyColumns} order
     */
    List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys);

    /**
     * Inserts rows through the bulk path (PostgreSQL {@code COPY}, multi-row inserts, {@code insertMany}).
     *
     * @param table the table or collection, with its columns
     * @param rows values in {@code table.columns()} order, one array per row
     */
    void insert(TableInfo table, List<Object[]> rows);

    /** {@link #insert} in chunks of {@value #INSERT_CHUNK} rows, so that memory stays flat however many rows come. */
    @Override
    default long insertAll(TableInfo table, Iterator<Object[]> rows) {
        long count = 0;
        List<Object[]> chunk = new ArrayList<>(INSERT_CHUNK);
        while (rows.hasNext()) {
            chunk.add(rows.next());
            if (chunk.size() == INSERT_CHUNK || !rows.hasNext()) {
                insert(table, chunk);
                count += chunk.size();
                chunk = new ArrayList<>(INSERT_CHUNK);
            }
        }
        return count;
    }

    /**
     * Inserts rows, or replaces the given columns of the rows with the same key — except the table's primary-key columns
     * that are not among {@code keyColumns} (a document's {@code _id}): those are written on insert only, so an update
     * never changes the identity of an existing row.
     *
     * @param table the table or collection, with its columns
     * @param keyColumns the columns that identify a row
     * @param rows values in {@code table.columns()} order, one array per row
     */
    void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows);

    /**
     * Upserting rows and counting how many of them were inserted as new rows (the others replaced an existing row of
     * their key), so that a caller who only needs to know whether a key exists ({@code overwrite}) need not look the
     * keys up first: a capability, empty (the default) when the backend cannot count exactly (records are then looked
     * up with {@link #find} and written with {@link #insert} and {@link #upsert}). Works inside this session's current
     * batch.
     *
     * @return the counting upsert, or empty when the backend cannot count exactly
     */
    default Optional<CountedUpsert> countedUpsert() {
        return Optional.empty();
    }

    /** The capability {@link #countedUpsert()} offers. Not thread-safe. */
    interface CountedUpsert {

        /**
         * {@link DataWriteSession#upsert} that says how many of the rows were inserted. The rows' keys must be distinct
         * and the key columns must carry a unique constraint (PostgreSQL: {@code ON CONFLICT} needs one).
         *
         * @param table the table or collection, with its columns
         * @param keyColumns the columns that identify a row
         * @param rows values in {@code table.columns()} order, one array per row
         * @return the number of rows inserted; the rest, {@code rows.size()} minus it, replaced existing rows
         * @throws dev.migrator.api.DatabaseException when the database refuses the rows; nothing of them is written
         */
        long upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows);
    }

    /** Commits the batch. */
    @Override
    void commit();

    /** Rolls the batch back where possible; never throws for a broken connection. */
    @Override
    void rollback();

    /**
     * {@return whether a failure may pass when the batch is tried again on a new session: a lost connection, a
     * deadlock, a serialization failure, a lock wait timeout}
     *
     * @param failure the exception a batch failed with
     */
    boolean isTransient(RuntimeException failure);

    /**
     * For each foreign key of a table, the rows whose referenced row does not exist (by constraint name); empty
     * where the backend has no foreign keys.
     *
     * @param table the table or collection, with its columns
     * @return the count of orphaned rows by foreign-key constraint name; empty when there is none
     */
    default Map<String, Long> orphans(TableInfo table) {
        return Map.of();
    }

    /**
     * Writing batches in a native bulk format, as a {@link NativeReader} of the same {@link NativeWriter#format()}
     * produced them: a capability, empty (the default) when the backend has none (records are then written with
     * {@link #insert}). The writer works inside this session's current batch.
     *
     * @return the native writer, or empty when the backend has none
     */
    default Optional<NativeWriter> nativeWriter() {
        return Optional.empty();
    }

    /** Returns the connection. */
    @Override
    void close();
}
