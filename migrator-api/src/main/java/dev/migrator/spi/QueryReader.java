package dev.migrator.spi;

/**
 * Reads the result of a query in the backend's language (SQL on JDBC), the capability
 * {@link DataReadSession#queries()} offers. Works on its session's connection; not thread-safe.
 */
public interface QueryReader {

    /**
     * The columns of a query's result.
     *
     * @param query the query, as the data migration gives it
     * @return the result's columns, in result order
     */
    TableInfo describe(String query);

    /**
     * Streams a query's rows, skipping the first {@code skip}.
     *
     * @param query the query, with an {@code ORDER BY} on a unique key
     * @param skip rows to skip from the start: those committed by an earlier run
     * @param sink receives each row, in the order of {@link #describe}'s columns
     * @return the rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is (wrapped
     *     when checked)
     */
    long read(String query, long skip, RowSink sink);
}
