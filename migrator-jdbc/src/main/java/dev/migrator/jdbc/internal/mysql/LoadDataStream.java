package dev.migrator.jdbc.internal.mysql;

import dev.migrator.spi.ColumnInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * The rows of one {@code LOAD DATA LOCAL INFILE}, encoded as the driver reads them: a few rows at a time, so that a
 * table of any size streams through a buffer of about {@link #CHUNK} bytes (memory stays flat). A failure of the rows'
 * iterator (a backup file that cannot be read, a value of the wrong type) is kept and rethrown by the caller as it
 * was: the driver would only see an {@code IOException}.
 */
final class LoadDataStream extends InputStream {

    static final int CHUNK = 64 * 1024;

    private final Iterator<Object[]> rows;
    private final List<ColumnInfo> columns;
    private final LoadDataText text = new LoadDataText(CHUNK + 4096);
    private int position;
    private long count;
    private RuntimeException failure;

    LoadDataStream(Iterator<Object[]> rows, List<ColumnInfo> columns) {
        this.rows = rows;
        this.columns = columns;
    }

    /** The rows encoded so far: all of them once the driver has read the stream to its end. */
    long rows() {
        return count;
    }

    /** The iterator's or the encoder's failure, or {@code null}. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == text.length() && !fill()) {
            return -1;
        }
        int n = text.copy(position, out, off, len);
        position += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    private boolean fill() throws IOException {
        if (failure != null) {
            throw new IOException("the rows failed before", failure);
        }
        text.clear();
        position = 0;
        try {
            while (text.length() < CHUNK && rows.hasNext()) {
                text.row(rows.next(), columns);
                count++;
            }
        } catch (RuntimeException e) {
            failure = e;
            throw new IOException("reading the rows failed: " + e.getMessage(), e);
        }
        return text.length() > 0;
    }
}
