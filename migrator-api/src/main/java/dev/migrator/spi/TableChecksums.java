package dev.migrator.spi;

import java.util.List;
import java.util.Optional;

/**
 * A content checksum of a table that the database computes itself, over its own rows, so that verifying a copy sends
 * no row over the wire: the capability {@link DataReadSession#checksums()} offers. The engine compares two such
 * checksums only when both sessions name the same {@link #function()} and the compared columns have the same types on
 * both sides (as {@link ColumnInfo#type()} names them); anywhere else it reads the rows and checksums them itself.
 *
 * <p>What a checksum must prove: equal checksums mean, short of a collision of the function's per-row fingerprint, that
 * both tables hold the same multiset of rows — every value of every row, not just as many rows. It is independent of
 * row order, counts duplicates, and changes when values move between rows (a sum of per-column hashes would not: a
 * function must mix each row as a whole). It must not depend on session settings (time zone, date style) nor on
 * anything that differs between two databases holding equal rows (such as an enum label's object id).
 *
 * <p>Works on its session's connection; not thread-safe.
 */
public interface TableChecksums {

    /**
     * {@return the name and version of the function, e.g. {@code "postgresql-row-hash-v1"}: checksums of two sessions
     * compare only when their functions are equal}
     */
    String function();

    /**
     * The checksum of every row of a table over the named columns, in this order.
     *
     * @param table the table or collection
     * @param columns the columns, by name (a subset of the table's, in the order the other side's columns are given)
     * @return the row count and checksum; empty when this table's columns cannot be checksummed by the database (the
     *     engine then reads the rows)
     * @throws dev.migrator.api.DatabaseException when the database fails
     */
    Optional<Checksum> checksum(TableInfo table, List<String> columns);

    /**
     * A table's checksum.
     *
     * @param rows the rows it covers
     * @param value the checksum, opaque to the engine: compared for equality only
     */
    record Checksum(long rows, String value) {

        /**
         * Checks the fields.
         *
         * @param rows the rows it covers
         * @param value the checksum, opaque to the engine: compared for equality only
         */
        public Checksum {
            if (rows < 0) {
                throw new IllegalArgumentException("A checksum covers 0 or more rows, not " + rows + ".");
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("A checksum needs a value.");
            }
        }
    }
}
