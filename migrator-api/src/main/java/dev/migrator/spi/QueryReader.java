package dev.migrator.spi;

/**
 * Reads the result of a query in the backend's language (SQL on JDBC), the capability
 * {@link DataReadSession#queries()} offers. Works on its session's connection; not thread-safe.
 */
public interface QueryReader {

    /** The columns of a query's result. */
    TableInfo describe(String query);

    /**
     * Streams a query's rows, skipping the first {@code skip}.
     *
     * @return the rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is (wrapped
     *     when checked)
     */
    long read(String query, long skip, RowSink sink);
}
