package dev.migrator.api;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param backupId the backup restored
 * @param connection the connection restored into
 * @param tables one entry per table, in restore order
 * @param duration how long it took, verification included
 * @param verification the comparison of the restored tables with the backup, or {@code null} when not asked for
 */
public record RestoreResult(String backupId, String connection, List<RestoredTable> tables, Duration duration,
        VerifyReport verification) {

    /**
     * Copies the list.
     *
     * @param backupId the backup restored
     * @param connection the connection restored into
     * @param tables one entry per table, in restore order
     * @param duration how long it took, verification included
     * @param verification the comparison of the restored tables with the backup, or {@code null} when not asked for
     */
    public RestoreResult {
        tables = List.copyOf(tables);
    }

    /** {@return total rows loaded} */
    public long rowCount() {
        return tables.stream().mapToLong(RestoredTable::rows).sum();
    }

    /**
     * One restored table.
     *
     * @param table the backup's table
     * @param restoredAs the live table it was loaded into, qualified
     * @param rows rows loaded
     */
    public record RestoredTable(String table, String restoredAs, long rows) {}
}
