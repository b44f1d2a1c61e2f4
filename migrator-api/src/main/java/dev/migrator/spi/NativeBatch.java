package dev.migrator.spi;

/**
 * One batch of a table's rows in a backend's native bulk format, read by {@link NativeReader#read} and written
 * as is by {@link NativeWriter#write} of the same {@link NativeReader#format()}.
 * The bytes are opaque to the engine: it never decodes them.
 *
 * @param data the rows in the native format (PostgreSQL {@code postgresql-copy-text}: {@code COPY}'s text format, one
 *     line per row); empty at the end
 * @param rows how many rows {@code data} holds
 * @param lastKey the {@code orderBy} values the batch ends at (inclusive): where the next batch starts after, and what
 *     a checkpoint stores; {@code null} at the end of the table
 */
public record NativeBatch(byte[] data, int rows, Object[] lastKey) {

    private static final NativeBatch END = new NativeBatch(new byte[0], 0, null);

    /**
     * Checks the fields.
     *
     * @param data the rows in the native format (PostgreSQL {@code postgresql-copy-text}: {@code COPY}'s text format,
     *     one line per row); empty at the end
     * @param rows how many rows {@code data} holds
     * @param lastKey the {@code orderBy} values the batch ends at (inclusive): where the next batch starts after, and
     *     what a checkpoint stores; {@code null} at the end of the table
     */
    public NativeBatch {
        if (data == null) {
            throw new IllegalArgumentException("A native batch needs its data (empty at the end), not null.");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("A native batch holds 0 or more rows, not " + rows + ".");
        }
    }

    /** {@return the batch after the last: no rows, no key} */
    public static NativeBatch end() {
        return END;
    }

    /** {@return whether this is the end of the table: no rows and no key to go on after} */
    public boolean isEnd() {
        return rows == 0 && lastKey == null;
    }
}
