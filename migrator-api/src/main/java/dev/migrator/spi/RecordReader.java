package dev.migrator.spi;

import java.util.Optional;

/**
 * The record reader role: a backend's tables or collections as streams of rows, never loaded whole (server-side
 * cursors, MongoDB cursors). Rows hold their values in {@link TableInfo#columns()} order as Java values of their
 * {@link ValueKind} (a document as a {@code Map<String, Object>}). Two sessions play it: {@link SnapshotSession} (a
 * backup's or comparison's view of whole tables at one moment) and {@link DataReadSession} (a data migration's
 * filtered, ordered, resumable reads). Not thread-safe.
 */
public interface RecordReader extends AutoCloseable {

    /**
     * {@return a table or collection; empty when it does not exist}
     *
     * @param schema the schema (MongoDB: database)
     * @param table the table's or collection's name, unqualified
     */
    Optional<TableInfo> describe(String schema, String table);

    /**
     * Streams every row of a table to the sink.
     *
     * @param table the table, with its columns
     * @param sink receives each row, in {@code table.columns()} order
     * @return the number of rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is (wrapped
     *     when checked)
     */
    long read(TableInfo table, RowSink sink);

    /** Ends the session and returns its connection. */
    @Override
    void close();
}
