package dev.migrator.spi;

/** Receives rows as they are read; the array holds the values in the table's column order and is not reused. */
@FunctionalInterface
public interface RowSink {

    /**
     * Takes one row.
     *
     * @param row the row's values in column order; the array is not reused
     * @throws Exception to stop reading; the backend closes its cursor and rethrows it
     */
    void accept(Object[] row) throws Exception;
}
