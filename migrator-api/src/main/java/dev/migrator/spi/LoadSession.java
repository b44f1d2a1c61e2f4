package dev.migrator.spi;

import java.util.Iterator;
import java.util.List;

/**
 * Loads rows into tables through the database's bulk path (PostgreSQL {@code COPY}, MySQL multi-row inserts, MongoDB
 * {@code insertMany}), inside one transaction where the database allows. Not thread-safe.
 */
public interface LoadSession extends AutoCloseable {

    /** A table, or {@code null} when it does not exist. */
    TableInfo describe(String schema, String table);

    /** The tables ordered so that referenced tables come before the tables referring to them. */
    List<TableInfo> loadOrder(List<TableInfo> tables);

    /** Whether truncate and load are undone by {@link #rollback()} (PostgreSQL: yes; MySQL: no, TRUNCATE commits). */
    boolean transactional();

    /** Starts the transaction (where there is one) and defers or disables foreign key checks for the load. */
    void begin();

    /** Empties the tables (given in load order). */
    void truncate(List<TableInfo> tables);

    /**
     * Loads rows whose values are in {@code table.columns()} order.
     *
     * @return the rows loaded
     */
    long load(TableInfo table, Iterator<Object[]> rows);

    /** Moves sequences / auto-increment counters of the table past its largest key. */
    void resetSequences(TableInfo table);

    /** Commits and restores foreign key checks. */
    void commit();

    /** Rolls back where possible; never throws for a broken connection. */
    void rollback();

    /** Returns the connection. */
    @Override
    void close();
}
