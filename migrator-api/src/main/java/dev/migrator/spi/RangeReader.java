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
     *
     * @param table the table, with its primary key
     * @param parts the most ranges wanted, at least 1
     * @param minRowsPerRange about the fewest rows a range should hold
     * @return the ranges in key order, covering every row once; {@code [KeyRange.ALL]} when the table is not split
     */
    List<KeyRange> split(TableInfo table, int parts, long minRowsPerRange);

    /**
     * Streams the rows of one range of a table, in this session's snapshot; returns how many.
     *
     * @param table the table, with its primary key
     * @param range one of the ranges {@link #split} returned
     * @param sink receives each row, in {@code table.columns()} order
     * @return the number of rows read
     */
    long read(TableInfo table, KeyRange range, RowSink sink);
}
