package dev.migrator.spi;

import java.util.List;

/**
 * Reads a data migration's source rows in a stable order, resumable from a position. Rows are streamed (server-side
 * cursors, MongoDB cursors), never loaded whole. Values are in {@link TableInfo#columns()} order, as Java values of
 * their {@link ValueKind} (see {@link LoadSession}); a MongoDB collection is one {@link ValueKind#DOCUMENT} column
 * {@code document} whose values are {@code Map<String, Object>} documents (driver types such as {@code ObjectId},
 * {@code Date}, {@code Decimal128} inside). Not thread-safe.
 */
public interface DataReadSession extends AutoCloseable {

    /** A table or collection, or {@code null} when it does not exist. */
    TableInfo describe(String schema, String table);

    /**
     * The rows meeting a filter, or -1 when counting would be as slow as reading.
     *
     * @param filter a condition in the backend's language (SQL for JDBC, a JSON filter document for MongoDB), or
     *     {@code null}
     */
    long count(TableInfo table, String filter);

    /**
     * Streams rows ordered ascending by {@code orderBy}, starting strictly after {@code after}.
     *
     * @param filter see {@link #count}
     * @param orderBy the columns giving the order (a table's primary key; MongoDB {@code _id}); never empty
     * @param after the {@code orderBy} values of the last row already taken, or {@code null} from the start
     * @return the rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is
     *     (wrapped when checked)
     */
    long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink);

    /**
     * The columns of a query's result (JDBC).
     *
     * @throws UnsupportedOperationException when the backend has no queries
     */
    default TableInfo describeQuery(String query) {
        throw new UnsupportedOperationException("This backend reads tables or collections, not queries.");
    }

    /**
     * Streams a query's rows, skipping the first {@code skip}.
     *
     * @throws UnsupportedOperationException when the backend has no queries
     */
    default long readQuery(String query, long skip, RowSink sink) {
        throw new UnsupportedOperationException("This backend reads tables or collections, not queries.");
    }

    /**
     * The name of the native bulk format {@link #readNative} produces, or {@code null} (the default) when the backend
     * has none. A plain table copy between a reader and a writer reporting the same non-null name moves the rows in
     * that format without decoding them into Java values (PostgreSQL: {@code "postgresql-copy-text"}).
     */
    default String nativeFormat() {
        return null;
    }

    /**
     * Reads the next batch of a table's rows in {@link #nativeFormat()}: at most {@code limit} rows ordered ascending
     * by {@code orderBy}, strictly after {@code after}, with the key the batch ends at. The whole table is never held:
     * one batch at a time, each read by itself (no snapshot is kept between batches, as for {@link #read}).
     *
     * @param columns the columns to read, in this order (a subset of the table's, by name)
     * @param orderBy the columns giving the order (the table's primary key); never empty
     * @param after the {@code orderBy} values of the last row already taken, or {@code null} from the start
     * @param limit the most rows the batch may hold, at least 1
     * @return the batch, {@link NativeBatch#end()} after the last row, or {@code null} (the default) when this table or
     *     key cannot be read natively (the engine then reads it through {@link #read}); a backend returns {@code null}
     *     for the first batch already, never part-way through a table
     * @throws dev.migrator.api.DatabaseException when the database fails
     */
    default NativeBatch readNative(TableInfo table, List<String> columns, List<String> orderBy, Object[] after,
            int limit) {
        return null;
    }

    /** Returns the connection. */
    @Override
    void close();
}
