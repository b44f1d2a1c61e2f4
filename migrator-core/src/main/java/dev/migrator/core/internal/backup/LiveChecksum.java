package dev.migrator.core.internal.backup;

import dev.migrator.spi.ColumnInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The content checksum of live rows, encoded exactly as a backup encodes them, to compare a table with a backup. */
public final class LiveChecksum {

    private final RowEncoder encoder;
    private final ContentChecksum checksum = new ContentChecksum();

    /** Rows will be encoded as these (the backup's) columns. */
    public LiveChecksum(List<ColumnInfo> columns) {
        this.encoder = new RowEncoder(new RowCodec(columns));
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
