package dev.migrator.spi;

import java.util.List;

/**
 * Reads a table in primary-key ranges, so that several readers sharing one snapshot ({@link SnapshotSession#fork()})
 * can read one large table side by side. Offered by {@link SnapshotSession#ranges()}.
 */
public interface RangeReader {

    /**
     * Splits a table into at most {@code parts} ranges of about equal size that together cover every row once, in key
     * order; fewer when the table is small (no range should hold fewer than about {@code minRowsPerRange} rows), and a
     * single {@link KeyRange#ALL} when it cannot or need not be split (no single-column primary key, a small table).
     */
    List<KeyRange> split(TableInfo table, int parts, long minRowsPerRange);

    /** Streams the rows of one range of a table, in this session's snapshot; returns how many. */
    long read(TableInfo table, KeyRange range, RowSink sink);
}
