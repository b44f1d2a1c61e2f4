package dev.migrator.api;

import java.util.List;
import java.util.Map;

/**
 * The checks after a data migration: per target table, row counts, content checksums where the migration is a
 * copy, and rows whose foreign keys point nowhere.
 *
 * @param tables one check per target table
 */
public record DataVerification(List<TableCheck> tables) {

    /**
     * Copies the list.
     *
     * @param tables one check per target table
     */
    public DataVerification {
        tables = List.copyOf(tables);
    }

    /** {@return whether every check passed} */
    public boolean isValid() {
        return tables.stream().allMatch(t -> t.problems().isEmpty());
    }

    /**
     * {@return what verification noticed that is not a problem of this run, each naming its table: rows that others
     * wrote to a target table while or before this run (information, not a failure)}
     */
    public List<String> notes() {
        return tables.stream().flatMap(t -> t.notes().stream().map(n -> t.table() + ": " + n)).toList();
    }

    /** {@return every problem found, each naming its table} */
    public List<String> problems() {
        return tables.stream().flatMap(t -> t.problems().stream().map(p -> t.table() + ": " + p)).toList();
    }

    /**
     * One target table.
     *
     * @param table the target table or collection
     * @param expectedRows the rows the target must hold at least: the rows it held when this run started plus the rows
     *     this run inserted, or, for a copy into a table that holds only what the migration wrote, the source's rows
     * @param targetRows the rows it holds
     * @param checksumMatches for a copy (a table or collection source, no transforms): whether the content checksums
     *     of the source and target agree over the target's columns; {@code null} when not compared
     * @param orphans rows per foreign key whose referenced row does not exist (JDBC targets)
     * @param problems what is wrong, empty when nothing
     * @param notes what is not this run's doing, such as rows others inserted while it ran; empty when nothing
     */
    public record TableCheck(String table, long expectedRows, long targetRows, Boolean checksumMatches,
            Map<String, Long> orphans, List<String> problems, List<String> notes) {

        /**
         * Copies the collections.
         *
         * @param table the target table or collection
         * @param expectedRows the rows the target must hold at least: the rows it held when this run started plus the
         *     rows this run inserted, or, for a copy into a table that holds only what the migration wrote, the
         *     source's rows
         * @param targetRows the rows it holds
         * @param checksumMatches for a copy (a table or collection source, no transforms): whether the content
         *     checksums of the source and target agree over the target's columns; {@code null} when not compared
         * @param orphans rows per foreign key whose referenced row does not exist (JDBC targets)
         * @param problems what is wrong, empty when nothing
         * @param notes what is not this run's doing, such as rows others inserted while it ran; empty when nothing
         */
        public TableCheck {
            orphans = Map.copyOf(orphans);
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        /**
         * A check without notes.
         *
         * @param table the target table or collection
         * @param expectedRows the rows the target must hold at least: the rows it held when this run started plus the
         *     rows this run inserted, or, for a copy into a table that holds only what the migration wrote, the
         *     source's rows
         * @param targetRows the rows it holds
         * @param checksumMatches for a copy (a table or collection source, no transforms): whether the content
         *     checksums of the source and target agree over the target's columns; {@code null} when not compared
         * @param orphans rows per foreign key whose referenced row does not exist (JDBC targets)
         * @param problems what is wrong, empty when nothing
         */
        public TableCheck(String table, long expectedRows, long targetRows, Boolean checksumMatches,
                Map<String, Long> orphans, List<String> problems) {
            this(table, expectedRows, targetRows, checksumMatches, orphans, problems, List.of());
        }
    }
}
