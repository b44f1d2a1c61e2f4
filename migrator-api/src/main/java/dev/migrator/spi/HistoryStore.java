package dev.migrator.spi;

import java.util.List;

/**
 * A target's history table (collection). Writes go through the session's work connection, so inside a transaction
 * they commit or roll back with the script.
 *
 * <p>Columns: {@code installed_rank}, {@code version}, {@code name}, {@code type}, {@code checksum},
 * {@code checksum_algorithm}, {@code installed_by}, {@code installed_at}, {@code execution_time_ms},
 * {@code success}, {@code statements_completed}. {@code version} is {@code null} in the rows of repeatable scripts.
 */
public interface HistoryStore {

    /** {@return whether the table exists} */
    boolean exists();

    /** Creates the table if it does not exist; safe to call concurrently from several managers. */
    void createIfMissing();

    /** {@return every row, by rank; empty when the table does not exist} */
    List<HistoryRow> read();

    /**
     * Inserts a row.
     *
     * @param row the row to insert, with its rank
     */
    void insert(HistoryRow row);

    /**
     * Replaces the row of the same rank.
     *
     * @param row the row, whose rank names the row to replace
     */
    void update(HistoryRow row);

    /**
     * Deletes the row of a rank.
     *
     * @param rank the rank of the row to delete
     */
    void delete(int rank);
}
