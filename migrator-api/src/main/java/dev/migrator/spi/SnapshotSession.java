package dev.migrator.spi;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a connection's tables as they were at one moment, like {@code pg_dump}'s: PostgreSQL
 * {@code REPEATABLE READ}, MySQL {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, MongoDB snapshot reads where the
 * server has them. Rows are streamed (server-side cursors), never loaded whole. Not thread-safe; {@link #fork()} gives
 * another session on the same snapshot for reading tables in parallel. The {@link RecordReader} role of backups.
 */
public interface SnapshotSession extends RecordReader {

    /** {@return how consistency is achieved, for the manifest, e.g. {@code REPEATABLE READ snapshot}} */
    String consistency();

    /**
     * {@return every table of a schema (MongoDB: collections of a database), by name; never the history or lock tables
     * named}
     *
     * @param schema the schema (MongoDB: database)
     * @param exclude table names to leave out (the history table and its lock)
     */
    List<TableInfo> tables(String schema, List<String> exclude);

    /** A table; empty when it does not exist. */
    @Override
    Optional<TableInfo> describe(String schema, String table);

    /**
     * Streams every row of a table to the sink.
     *
     * @return the number of rows read
     * @throws dev.migrator.api.DatabaseException when the database fails; a sink's exception is rethrown as is (wrapped
     *     when checked)
     */
    @Override
    long read(TableInfo table, RowSink sink);

    /**
     * Another session on the same snapshot (PostgreSQL: an exported snapshot), for parallel reads: a capability, empty
     * (the default) when the database cannot share a snapshot between connections (then tables are read in turn).
     *
     * @return a session on this snapshot, or empty when the database cannot share it
     */
    default Optional<SnapshotSession> fork() {
        return Optional.empty();
    }

    /** Ends the snapshot and returns the connection. */
    /**
     * Reads by primary-key ranges, when this backend can (PostgreSQL): with {@link #fork()}, several readers then share
     * one large table. Empty by default.
     *
     * @return the range reader, or empty when the backend cannot read by ranges
     */
    default Optional<RangeReader> ranges() {
        return Optional.empty();
    }

    @Override
    void close();
}
