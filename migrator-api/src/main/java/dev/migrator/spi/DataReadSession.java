package dev.migrator.spi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a data migration's source rows in a stable order, resumable from a position. Rows are streamed (server-side
 * cursors, MongoDB cursors), never loaded whole. Values are in {@link TableInfo#columns()} order, as Java values of
 * their {@link ValueKind} (see {@link LoadSession}); a MongoDB collection is one {@link ValueKind#DOCUMENT} column
 * {@code document} whose values are {@code Map<String, Object>} documents (driver types such as {@code ObjectId},
 * {@code Date}, {@code Decimal128} inside). Not thread-safe. The {@link RecordReader} role of data migrations.
 */
public interface DataReadSession extends RecordReader {

    /** A table or collection; empty when it does not exist. */
    @Override
    Optional<TableInfo> describe(String schema, String table);

    /**
     * {@return the rows meeting a filter; empty when counting would be as slow as reading}
     *
     * @param table the table or collection, with its columns
     * @param filter a condition in the backend's language (SQL for JDBC, a JSON filter document for MongoDB), or
     *     {@code null}
     */
    OptionalLong count(TableInfo table, String filter);

    /**
     * Streams rows ordered ascending by {@code orderBy}, starting strictly after {@code after}.
     *
     * @param table the table or collection, with its columns
     * @param filter see {@link #count}
     * @param orderBy the columns giving the order (a table's primary key; MongoDB {@code _id}); never empty
     * @param after the {@code orderBy} values of the last row already taken, or {@code null} from the start
     * @param sink receives each row, in {@code table.columns()} order
     * @return the rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is
     *     (wrapped when checked)
     */
    long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink);

    /**
     * Streams every row of a table in primary-key order: {@link #read(TableInfo, String, List, Object[], RowSink)}
     * without a filter, from the start.
     *
     * @throws IllegalArgumentException for a table without a primary key, which has no order to read in
     */
    @Override
    default long read(TableInfo table, RowSink sink) {
        return read(table, null, table.primaryKey(), null, sink);
    }

    /**
     * Reading a query's result (JDBC): a capability, empty (the default) when the backend reads tables or collections,
     * not queries. The reader works on this session's connection and is valid until the session closes.
     *
     * @return the query reader, or empty when the backend does not read queries
     */
    default Optional<QueryReader> queries() {
        return Optional.empty();
    }

    /**
     * Reading tables in a native bulk format, for copies that never decode rows into Java values: a capability, empty
     * (the default) when the backend has none. The reader works on this session's connection.
     *
     * @return the native reader, or empty when the backend has none
     */
    default Optional<NativeReader> nativeReader() {
        return Optional.empty();
    }

    /**
     * Content checksums the database computes over a table's rows itself, so that verifying a copy between two tables of
     * the same kind reads no row into the engine: a capability, empty (the default) when the backend has none. See
     * {@link TableChecksums} for what a checksum must prove. The checksums work on this session's connection.
     *
     * @return the checksums, or empty when the backend has none
     */
    default Optional<TableChecksums> checksums() {
        return Optional.empty();
    }

    /** Returns the connection. */
    @Override
    void close();
}
