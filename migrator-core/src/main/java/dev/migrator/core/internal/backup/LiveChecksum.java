package dev.migrator.core.internal.backup;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DocumentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The content checksum of live rows, encoded exactly as a backup encodes them, to compare a table with a backup. */
public final class LiveChecksum {

    private final RowEncoder encoder;
    private final ContentChecksum checksum;

    /** Rows will be encoded as these columns. */
    public LiveChecksum(List<ColumnInfo> columns) {
        this(columns, null, null);
    }

    /**
     * Rows will be encoded as these (the backup's) columns, and summed in the format of the backup's checksum, so that
     * {@link #value()} equals it for the same rows.
     */
    public LiveChecksum(List<ColumnInfo> columns, String backupChecksum) {
        this(columns, backupChecksum, null);
    }

    /**
     * As {@link #LiveChecksum(List, String)}, for rows whose DOCUMENT values are {@code Map}s: the backend's codec turns
     * them into the text a backup holds.
     */
    public LiveChecksum(List<ColumnInfo> columns, String backupChecksum, DocumentCodec documents) {
        this.encoder = new RowEncoder(new RowCodec(columns, documents));
        this.checksum = ContentChecksum.like(backupChecksum);
    }

    /** Adds one row. */
    public void add(Object[] row) {
        try {
            RowEncoder.Buffer b = encoder.encode(row);
            checksum.add(b.bytes, b.size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rows() {
        return checksum.rows();
    }

    public String value() {
        return checksum.value();
    }
}
