package dev.migrator.spi;

import java.util.Iterator;
import java.util.Optional;

/**
 * The record writer role: rows into tables or collections through the database's bulk path (PostgreSQL {@code COPY},
 * MySQL multi-row inserts, MongoDB {@code insertMany}), inside a transaction where the database has one. Rows hold
 * their values in the order of the {@link TableInfo} given, as Java values of their {@link ValueKind} (a document as a
 * {@code Map<String, Object>}). Two sessions play it: {@link LoadSession} (a restore's load of whole tables) and
 * {@link DataWriteSession} (a data migration's batches). Not thread-safe.
 */
public interface RecordWriter extends AutoCloseable {

    /**
     * {@return a table or collection; empty when it does not exist}
     *
     * @param schema the schema (MongoDB: database)
     * @param table the table's or collection's name, unqualified
     */
    Optional<TableInfo> describe(String schema, String table);

    /**
     * {@return whether what is written between {@link #begin()} and {@link #commit()} is undone by {@link #rollback()}}
     */
    boolean transactional();

    /** Starts the transaction (where there is one). */
    void begin();

    /**
     * Inserts rows through the bulk path, in the current transaction where there is one, reading them as it goes.
     *
     * @param table the table, with its columns
     * @param rows values in {@code table.columns()} order, one array per row
     * @return the rows inserted
     */
    long insertAll(TableInfo table, Iterator<Object[]> rows);

    /** Commits what was written since {@link #begin()}. */
    void commit();

    /** Rolls back where possible; never throws for a broken connection. */
    void rollback();

    /** Ends the session and returns its connection. */
    @Override
    void close();
}
