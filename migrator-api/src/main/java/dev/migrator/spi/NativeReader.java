package dev.migrator.spi;

import java.util.List;
import java.util.Optional;

/**
 * Reads a table's rows in a native bulk format without decoding them into Java values, the capability
 * {@link DataReadSession#nativeReader()} offers. A plain table copy between a reader and a {@link NativeWriter} of the
 * same {@link #format()} moves the rows as they are. Works on its session's connection; not thread-safe.
 */
public interface NativeReader {

    /** {@return the name of the format, e.g. {@code "postgresql-copy-text"}} */
    String format();

    /**
     * Reads the next batch of a table's rows: at most {@code limit} rows ordered ascending by {@code orderBy}, strictly
     * after {@code after}, with the key the batch ends at. The whole table is never held: one batch at a time, each read
     * by itself (no snapshot is kept between batches, as for {@link DataReadSession#read}).
     *
     * @param table the table or collection
     * @param columns the columns to read, in this order (a subset of the table's, by name)
     * @param orderBy the columns giving the order (the table's primary key); never empty
     * @param after the {@code orderBy} values of the last row already taken, or {@code null} from the start
     * @param limit the most rows the batch may hold, at least 1
     * @return the batch, {@link NativeBatch#end()} after the last row; empty when this table or key cannot be read
     *     natively (the engine then reads it through {@link DataReadSession#read}). A reader is empty for the first
     *     batch already, never part-way through a table
     * @throws dev.migrator.api.DatabaseException when the database fails
     */
    Optional<NativeBatch> read(TableInfo table, List<String> columns, List<String> orderBy, Object[] after, int limit);
}
