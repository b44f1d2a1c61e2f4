package dev.migrator.spi;

import java.util.List;

/**
 * Writes batches a {@link NativeReader} of the same {@link #format()} read, the capability
 * {@link DataWriteSession#nativeWriter()} offers. Works inside its session's current batch; not thread-safe.
 */
public interface NativeWriter {

    /** {@return the name of the format; see {@link NativeReader#format()}} */
    String format();

    /**
     * Inserts a batch of rows given in {@link #format()}, inside the session's current batch transaction (PostgreSQL:
     * {@code COPY ... FROM STDIN}). Rows are inserted, never merged: the engine uses this only where no row of the batch
     * can exist in the target yet.
     *
     * @param table the target table or collection
     * @param columns the target columns the data's fields go to, in the data's order
     * @param data the rows in {@link #format()}, as a {@link NativeReader} of the same format produced them
     * @throws dev.migrator.api.DatabaseException when the database refuses a row; nothing of the batch is written
     */
    void write(TableInfo table, List<String> columns, byte[] data);
}
