package dev.migrator.spi;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Loads rows into tables through the database's bulk path (PostgreSQL {@code COPY}, MySQL multi-row inserts, MongoDB
 * {@code insertMany}), inside one transaction where the database allows. Not thread-safe. The {@link RecordWriter}
 * role of restores.
 */
public interface LoadSession extends RecordWriter {

    /** A table; empty when it does not exist. */
    @Override
    Optional<TableInfo> describe(String schema, String table);

    /**
     * {@return the tables ordered so that referenced tables come before the tables referring to them}
     *
     * @param tables the tables to work on
     */
    List<TableInfo> loadOrder(List<TableInfo> tables);

    /**
     * Whether truncate and load are undone by {@link #rollback()}: PostgreSQL ({@code TRUNCATE} in the transaction) and
     * MySQL/MariaDB ({@code DELETE}, not the self-committing {@code TRUNCATE}) yes; MongoDB until its commit has replaced
     * a first collection.
     */
    @Override
    boolean transactional();

    /** Starts the transaction (where there is one) and defers or disables foreign key checks for the load. */
    @Override
    void begin();

    /**
     * Empties the tables (given in load order).
     *
     * @param tables the tables to work on
     */
    void truncate(List<TableInfo> tables);

    /**
     * Loads rows whose values are in {@code table.columns()} order.
     *
     * @param table the table, with its columns
     * @param rows values in {@code table.columns()} order, one array per row
     * @return the rows loaded
     */
    long load(TableInfo table, Iterator<Object[]> rows);

    /** {@link #load}: a restore's bulk insert. */
    @Override
    default long insertAll(TableInfo table, Iterator<Object[]> rows) {
        return load(table, rows);
    }

    /**
     * Streams every row of a table as this session sees it, in {@code table.columns()} order: after {@link #load}, the
     * rows it loaded, before {@link #commit()} shows them to anyone else. A restore compares them with the backup here,
     * while a mismatch can still be rolled back.
     *
     * @param table the table, with its columns
     * @param sink receives each row, in {@code table.columns()} order
     * @return the number of rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is (wrapped
     *     when checked)
     */
    long read(TableInfo table, RowSink sink);

    /**
     * Moves sequences / auto-increment counters of the table past its largest key.
     *
     * @param table the table, with its columns
     */
    void resetSequences(TableInfo table);

    /** Commits and restores foreign key checks. */
    @Override
    void commit();

    /** Rolls back where possible; never throws for a broken connection. */
    @Override
    void rollback();

    /** Returns the connection. */
    @Override
    void close();
}
