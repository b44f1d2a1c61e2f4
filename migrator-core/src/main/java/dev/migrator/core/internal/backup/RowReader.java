package dev.migrator.core.internal.backup;

import com.fasterxml.jackson.core.JsonParser;
import dev.migrator.api.BackupException;
import dev.migrator.api.ErrorCode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rows of one table file; {@link #next()} returns {@code null} at the end. */
final class RowReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RowReader.class);

    private final RowCodec codec;
    private final JsonParser parser;
    private final String id;
    private final String table;
    private long rows;

    RowReader(RowCodec codec, JsonParser parser, String id, String table) {
        this.codec = codec;
        this.parser = parser;
        this.id = id;
        this.table = table;
    }

    /** The next row, or {@code null}; a damaged file throws a {@link BackupException} (BACKUP_CORRUPT). */
    public Object[] next() {
        try {
            Object[] row = codec.read(parser);
            if (row != null) {
                rows++;
            }
            return row;
        } catch (IOException | RuntimeException e) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "Table " + table + " of backup " + id
                    + " is damaged after row " + rows + ": " + e.getMessage() + ". Run verify(\"" + id + "\").", e);
        }
    }

    /** Rows read so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", table, e.getMessage());
        }
    }
}
