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

    /** Whether the table exists. */
    boolean exists();

    /** Creates the table if it does not exist; safe to call concurrently from several managers. */
    void createIfMissing();

    /** Every row, by rank; empty when the table does not exist. */
    List<HistoryRow> read();

    /** Inserts a row. */
    void insert(HistoryRow row);

    /** Replaces the row of the same rank. */
    void update(HistoryRow row);

    /** Deletes the row of a rank. */
    void delete(int rank);
}
