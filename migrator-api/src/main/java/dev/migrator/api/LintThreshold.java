package dev.migrator.api;

/**
 * When the linter calls a table big: when the database's row estimate reaches {@code rows}, or its total size (data,
 * indexes and TOAST) reaches {@code bytes}, whichever comes first. A rule that depends on size is an {@link
 * LintSeverity#ERROR} on a big table, {@link LintSeverity#INFO} on a smaller table with rows, and silent on an empty
 * table or one created by the scripts being linted.
 *
 * <p>The defaults, 100,000 rows or 100 MiB, are a choice, not a measurement: the size from which a full-table lock or
 * rewrite is expected to take long enough to queue an application's requests. Row estimates come from the database's
 * statistics ({@code pg_class.reltuples}, {@code information_schema.TABLES.TABLE_ROWS}), so a table never analysed may
 * look smaller than it is.
 *
 * @param rows the estimated row count from which a table is big, 1 or more
 * @param bytes the total size in bytes from which a table is big, 1 or more
 */
public record LintThreshold(long rows, long bytes) {

    /** 100,000 rows or 100 MiB. */
    public static final LintThreshold DEFAULT = new LintThreshold(100_000, 100L * 1024 * 1024);

    /**
     * Checks the bounds.
     *
     * @param rows the estimated row count from which a table is big, 1 or more
     * @param bytes the total size in bytes from which a table is big, 1 or more
     * @throws ConfigurationException when a bound is below 1
     */
    public LintThreshold {
        if (rows < 1 || bytes < 1) {
            throw new ConfigurationException("lintThreshold is rows=" + rows + ", bytes=" + bytes
                    + "; allowed: both 1 or more, e.g. LintThreshold.DEFAULT (100000 rows or 104857600 bytes).");
        }
    }

    /**
     * {@return whether a table of {@code rowEstimate} rows and {@code totalBytes} bytes is big}
     *
     * @param rowEstimate the table's estimated row count
     * @param totalBytes the table's total size in bytes
     */
    public boolean isBig(long rowEstimate, long totalBytes) {
        return rowEstimate >= rows || totalBytes >= bytes;
    }
}
