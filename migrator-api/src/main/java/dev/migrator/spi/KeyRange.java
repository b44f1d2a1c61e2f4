package dev.migrator.spi;

import java.util.Optional;

/**
 * A range of a table's primary key, {@code [from, to)}, as the backend that made it wrote its bounds: the engine never
 * reads them, it only hands a range back to the {@link RangeReader} that split the table.
 *
 * @param from the lowest key in the range; empty for the table's start
 * @param to the first key after the range; empty for the table's end
 */
public record KeyRange(Optional<String> from, Optional<String> to) {

    /** The whole table. */
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());
}
